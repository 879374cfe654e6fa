package main

import (
	"encoding/base64"
	"path"
	"sort"
	"strings"
)

// files is .Files: the chart's non-template files.
type files map[string][]byte

func (f files) Get(name string) string { return string(f[name]) }

func (f files) GetBytes(name string) []byte { return f[name] }

func (f files) Lines(name string) []string {
	if f[name] == nil {
		return []string{}
	}
	return strings.Split(strings.TrimRight(string(f[name]), "\n"), "\n")
}

func (f files) Glob(pattern string) files {
	out := files{}
	for name, data := range f {
		if ok, _ := path.Match(pattern, name); ok {
			out[name] = data
		}
	}
	return out
}

func (f files) names() []string {
	n := make([]string, 0, len(f))
	for k := range f {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

func (f files) AsConfig() (string, error) {
	m := map[string]interface{}{}
	for _, name := range f.names() {
		m[path.Base(name)] = string(f[name])
	}
	return toYAML(m)
}

func (f files) AsSecrets() (string, error) {
	m := map[string]interface{}{}
	for _, name := range f.names() {
		m[path.Base(name)] = base64.StdEncoding.EncodeToString(f[name])
	}
	return toYAML(m)
}
