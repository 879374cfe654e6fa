package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type chart struct {
	dir       string
	meta      map[string]interface{}
	values    map[string]interface{}
	templates map[string]string // "<chart>/templates/<path>" -> text
	files     map[string][]byte // every non-template file, for .Files
	hasSchema bool
}

// loadChart reads Chart.yaml, values.yaml and templates/, refusing what this renderer cannot do as helm does.
func loadChart(dir string) (*chart, error) {
	c := &chart{dir: dir, templates: map[string]string{}, files: map[string][]byte{}}
	raw, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, fmt.Errorf("not a chart: %v", err)
	}
	if c.meta, err = yamlToMap(raw, "Chart.yaml"); err != nil {
		return nil, err
	}
	name, _ := c.meta["name"].(string)
	if name == "" {
		return nil, fmt.Errorf("Chart.yaml: name is required")
	}
	if deps, ok := c.meta["dependencies"]; ok && deps != nil {
		return nil, fmt.Errorf("Chart.yaml declares dependencies: subcharts are not supported by this renderer")
	}
	for _, unsupported := range []string{"charts", "crds"} {
		if _, err := os.Stat(filepath.Join(dir, unsupported)); err == nil {
			return nil, fmt.Errorf("%s/ is not supported by this renderer", unsupported)
		}
	}
	c.values = map[string]interface{}{}
	if raw, err := os.ReadFile(filepath.Join(dir, "values.yaml")); err == nil {
		if c.values, err = yamlToMap(raw, "values.yaml"); err != nil {
			return nil, err
		}
	}
	_, err = os.Stat(filepath.Join(dir, "values.schema.json"))
	c.hasSchema = err == nil
	err = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasPrefix(rel, "templates/") {
			c.templates[name+"/"+rel] = string(data)
		} else if rel != "Chart.yaml" && rel != "values.yaml" && rel != "values.schema.json" {
			c.files[rel] = data
		}
		return nil
	})
	return c, err
}

func (c *chart) name() string { return c.meta["name"].(string) }

// chartObject is .Chart: helm exposes Chart.yaml's fields with capitalised names.
func (c *chart) chartObject() map[string]interface{} {
	out := map[string]interface{}{}
	for k, v := range c.meta {
		key := strings.ToUpper(k[:1]) + k[1:]
		if k == "apiVersion" {
			key = "APIVersion"
		}
		out[key] = v
	}
	for _, k := range []string{"Name", "Version", "AppVersion", "Description", "Type", "KubeVersion", "Home", "Icon"} {
		if _, ok := out[k]; !ok {
			out[k] = ""
		}
	}
	return out
}

func (c *chart) sortedTemplateNames() []string {
	names := make([]string, 0, len(c.templates))
	for n := range c.templates {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
