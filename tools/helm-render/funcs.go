package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	yaml2 "gopkg.in/yaml.v2"
)

// funcMap is helm's: sprig without env/expandenv, plus helm's own functions. include and tpl are
// bound to the template set later (they need it), as helm does.
func funcMap() template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	extra := template.FuncMap{
		"toYaml":        toYAML,
		"fromYaml":      fromYAML,
		"fromYamlArray": fromYAMLArray,
		"toJson":        toJSON,
		"fromJson":      fromJSON,
		"fromJsonArray": fromJSONArray,
		"toToml": func(interface{}) (string, error) {
			return "", fmt.Errorf("toToml is not supported by this renderer")
		},
		"required": func(msg string, v interface{}) (interface{}, error) {
			if v == nil {
				return v, fmt.Errorf(msg)
			}
			if s, ok := v.(string); ok && s == "" {
				return v, fmt.Errorf(msg)
			}
			return v, nil
		},
		// Without a cluster, helm template's lookup returns an empty map too.
		"lookup": func(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
			return map[string]interface{}{}, nil
		},
		"include": func(string, interface{}) (string, error) { return "", fmt.Errorf("include not bound") },
		"tpl":     func(string, interface{}) (string, error) { return "", fmt.Errorf("tpl not bound") },
	}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

// toYAML is helm's: sigs.k8s.io/yaml marshals to JSON, reads that JSON back with go-yaml (which picks
// int or float for each number, and gives maps as map[interface{}]interface{}, whose keys go-yaml sorts
// when writing) and writes it with go-yaml; the trailing newline is trimmed. Helm swallows a marshal error
// into an empty string; this renderer fails the template instead, naming it and the line.
func toYAML(v interface{}) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("toYaml: %v", err)
	}
	var generic interface{}
	if err := yaml2.Unmarshal(data, &generic); err != nil {
		return "", fmt.Errorf("toYaml: %v", err)
	}
	out, err := yaml2.Marshal(generic)
	if err != nil {
		return "", fmt.Errorf("toYaml: %v", err)
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}

func fromYAML(s string) map[string]interface{} {
	m, err := yamlToMap([]byte(s), "fromYaml")
	if err != nil {
		return map[string]interface{}{"Error": err.Error()}
	}
	return m
}

// fromYAMLArray is helm's: a document that is not a list gives a one-element list holding the error.
func fromYAMLArray(s string) []interface{} {
	v, err := yamlToJSONValue([]byte(s), "fromYamlArray")
	if err != nil {
		return []interface{}{err.Error()}
	}
	a := []interface{}{}
	if v == nil {
		return a
	}
	data, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(data, &a)
	}
	if err != nil {
		return []interface{}{fmt.Sprintf("error unmarshaling JSON: while decoding JSON: %v", err)}
	}
	return a
}

func toJSON(v interface{}) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("toJson: %v", err)
	}
	return string(data), nil
}

func fromJSON(s string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(s string) []interface{} {
	var a []interface{}
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		return []interface{}{err.Error()}
	}
	return a
}

// bindIncludeAndTpl gives include and tpl access to the parsed template set, as helm's engine does.
func bindIncludeAndTpl(t *template.Template, f template.FuncMap) {
	const maxDepth = 1000
	depth := map[string]int{}
	f["include"] = func(name string, data interface{}) (string, error) {
		depth[name]++
		defer func() { depth[name]-- }()
		if depth[name] > maxDepth {
			return "", fmt.Errorf("rendering template has a nested reference name: %s", name)
		}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, name, data); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
	f["tpl"] = func(text string, data interface{}) (string, error) {
		clone, err := t.Clone()
		if err != nil {
			return "", err
		}
		parsed, err := clone.New("tpl").Option("missingkey=zero").Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %v", text, err)
		}
		var buf bytes.Buffer
		if err := parsed.Execute(&buf, data); err != nil {
			return "", fmt.Errorf("error calling tpl: %v", err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
	t.Funcs(f)
}
