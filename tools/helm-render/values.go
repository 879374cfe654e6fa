package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	yaml2 "gopkg.in/yaml.v2"
)

// yamlToMap parses YAML the way helm does (sigs.k8s.io/yaml: YAML -> JSON -> Go), so numbers are
// float64 and maps are map[string]interface{}, exactly the types templates see under helm.
func yamlToMap(raw []byte, source string) (map[string]interface{}, error) {
	v, err := yamlToJSONValue(raw, source)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return map[string]interface{}{}, nil
	}
	m, ok := v.(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("%s: expected a mapping at the top level", source)
	}
	return m, nil
}

func yamlToJSONValue(raw []byte, source string) (interface{}, error) {
	var v interface{}
	if err := yaml2.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("%s: %v", source, err)
	}
	converted, err := toJSONCompatible(v, source)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(converted)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", source, err)
	}
	var out interface{}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%s: %v", source, err)
	}
	return out, nil
}

func toJSONCompatible(v interface{}, source string) (interface{}, error) {
	switch t := v.(type) {
	case map[interface{}]interface{}:
		m := map[string]interface{}{}
		for k, val := range t {
			c, err := toJSONCompatible(val, source)
			if err != nil {
				return nil, err
			}
			m[fmt.Sprint(k)] = c
		}
		return m, nil
	case []interface{}:
		out := make([]interface{}, len(t))
		for i, val := range t {
			c, err := toJSONCompatible(val, source)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	default:
		return v, nil
	}
}

// mergeValues is helm's coalescing: chart defaults, then each -f file, then --set; maps merge
// recursively, anything else replaces, and an explicit null deletes the default.
func mergeValues(c *chart, files []string, sets []string) (map[string]interface{}, error) {
	merged := deepCopy(c.values).(map[string]interface{})
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		override, err := yamlToMap(raw, f)
		if err != nil {
			return nil, err
		}
		merge(merged, override)
	}
	for _, s := range sets {
		override, err := parseSet(s)
		if err != nil {
			return nil, err
		}
		merge(merged, override)
	}
	return merged, nil
}

func merge(dst, src map[string]interface{}) {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		if sm, ok := v.(map[string]interface{}); ok {
			if dm, ok := dst[k].(map[string]interface{}); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = deepCopy(v)
	}
}

func deepCopy(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, val := range t {
			m[k] = deepCopy(val)
		}
		return m
	case []interface{}:
		out := make([]interface{}, len(t))
		for i, val := range t {
			out[i] = deepCopy(val)
		}
		return out
	default:
		return v
	}
}

// parseSet handles helm's --set a.b=c,d=e with typed scalars (int64, bool, null, string) and "\,"
// escapes. List indexes (a[0]=x) and {a,b} lists are refused rather than approximated.
func parseSet(s string) (map[string]interface{}, error) {
	out := map[string]interface{}{}
	for _, pair := range splitUnescaped(s, ',') {
		eq := strings.Index(pair, "=")
		if eq <= 0 {
			return nil, fmt.Errorf("--set %q: expected key=value", pair)
		}
		key, raw := pair[:eq], strings.ReplaceAll(pair[eq+1:], `\,`, ",")
		if strings.ContainsAny(key, "[]") || strings.HasPrefix(raw, "{") {
			return nil, fmt.Errorf("--set %q: list syntax is not supported by this renderer; use a values file", pair)
		}
		parts := strings.Split(key, ".")
		m := out
		for _, p := range parts[:len(parts)-1] {
			child, ok := m[p].(map[string]interface{})
			if !ok {
				child = map[string]interface{}{}
				m[p] = child
			}
			m = child
		}
		m[parts[len(parts)-1]] = typedScalar(raw)
	}
	return out, nil
}

func typedScalar(raw string) interface{} {
	switch raw {
	case "true":
		return true
	case "false":
		return false
	case "null":
		return nil
	}
	if raw != "0" && strings.HasPrefix(raw, "0") {
		return raw // helm keeps leading-zero numbers as strings
	}
	if i, err := strconv.ParseInt(raw, 10, 64); err == nil {
		return i
	}
	return raw
}

func splitUnescaped(s string, sep byte) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == sep {
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}
