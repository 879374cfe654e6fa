package main

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"text/template"

	yaml2 "gopkg.in/yaml.v2"
)

type capabilities struct {
	KubeVersion kubeVersion
	APIVersions versionSet
	HelmVersion map[string]string
}

type kubeVersion struct {
	Version    string
	Major      string
	Minor      string
	GitVersion string
}

func (k kubeVersion) String() string { return k.Version }

type versionSet []string

// Has is .Capabilities.APIVersions.Has "group/version" or "group/version/Kind". helm template also
// answers for every built-in Kind ("apps/v1/Deployment"); this renderer lists built-in group/versions
// only, so such a question is an error rather than a wrong false.
func (v versionSet) Has(apiVersion string) (bool, error) {
	for _, x := range v {
		if x == apiVersion {
			return true, nil
		}
	}
	if parts := strings.Split(apiVersion, "/"); len(parts) >= 2 {
		groupVersion := strings.Join(parts[:len(parts)-1], "/")
		for _, builtin := range builtinAPIVersions {
			if builtin == groupVersion {
				return false, fmt.Errorf("APIVersions.Has %q: this renderer does not know the Kinds of the built-in %s; ask about the group/version, or pass --api-versions %s", apiVersion, groupVersion, apiVersion)
			}
		}
	}
	return false, nil
}

// builtinAPIVersions are what helm template reports without a cluster (its built-in defaults).
var builtinAPIVersions = []string{
	"v1", "apps/v1", "batch/v1", "policy/v1", "networking.k8s.io/v1", "autoscaling/v1", "autoscaling/v2",
	"rbac.authorization.k8s.io/v1", "storage.k8s.io/v1", "coordination.k8s.io/v1", "apiextensions.k8s.io/v1",
	"admissionregistration.k8s.io/v1", "scheduling.k8s.io/v1", "discovery.k8s.io/v1", "events.k8s.io/v1",
}

func render(c *chart, values map[string]interface{}, o *options) (string, error) {
	kv := strings.TrimPrefix(o.kubeVersion, "v")
	parts := strings.SplitN(kv, ".", 3)
	if len(parts) < 2 {
		return "", fmt.Errorf("--kube-version %q: expected vMAJOR.MINOR[.PATCH]", o.kubeVersion)
	}
	caps := capabilities{
		KubeVersion: kubeVersion{Version: "v" + kv, Major: parts[0], Minor: parts[1], GitVersion: "v" + kv},
		APIVersions: append(append(versionSet{}, builtinAPIVersions...), o.apiVersions...),
		HelmVersion: map[string]string{"Version": "v3.16.0"},
	}
	top := map[string]interface{}{
		"Values": values,
		"Chart":  c.chartObject(),
		"Release": map[string]interface{}{
			"Name": o.release, "Namespace": o.namespace, "IsInstall": !o.isUpgrade, "IsUpgrade": o.isUpgrade,
			"Revision": map[bool]int{false: 1, true: 2}[o.isUpgrade], "Service": "Helm",
		},
		"Capabilities": caps,
		"Files":        files(c.files),
	}

	funcs := funcMap()
	t := template.New("gotpl").Option("missingkey=zero").Funcs(funcs)
	bindIncludeAndTpl(t, funcs)
	names := c.sortedTemplateNames()
	for _, name := range names {
		if _, err := t.New(name).Parse(c.templates[name]); err != nil {
			return "", err
		}
	}

	shown := map[string]bool{}
	for _, only := range o.showOnly {
		if _, ok := c.templates[c.name()+"/"+only]; !ok {
			return "", fmt.Errorf("could not find template %s in chart", only)
		}
		shown[c.name()+"/"+only] = true
	}
	var out strings.Builder
	for _, name := range names {
		base := path.Base(name)
		if strings.HasPrefix(base, "_") || strings.HasSuffix(base, ".txt") {
			continue // partials and NOTES.txt are not manifests
		}
		scope := map[string]interface{}{}
		for k, v := range top {
			scope[k] = v
		}
		scope["Template"] = map[string]interface{}{"Name": name, "BasePath": c.name() + "/templates"}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, name, scope); err != nil {
			return "", err
		}
		if len(shown) > 0 && !shown[name] {
			continue // rendered all the same, as helm does, so a failing template still fails
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		for i, doc := range splitDocuments(text) {
			if strings.TrimSpace(stripComments(doc)) == "" {
				continue
			}
			if err := checkManifest(doc); err != nil {
				return "", fmt.Errorf("YAML parse error on %s (document %d): %v\n%s", name, i+1, err, doc)
			}
			fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", name, strings.TrimSpace(doc))
		}
	}
	if len(shown) > 0 && out.Len() == 0 {
		return "", fmt.Errorf("could not find template %s in chart", strings.Join(o.showOnly, ", "))
	}
	return out.String(), nil
}

func splitDocuments(text string) []string {
	var docs []string
	var cur []string
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimRight(line, " ") == "---" {
			docs = append(docs, strings.Join(cur, "\n"))
			cur = nil
			continue
		}
		cur = append(cur, line)
	}
	return append(docs, strings.Join(cur, "\n"))
}

func stripComments(doc string) string {
	var keep []string
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// checkManifest refuses what helm would refuse on install: invalid YAML or a document that is not an object.
func checkManifest(doc string) error {
	var m map[string]interface{}
	if err := yaml2.UnmarshalStrict([]byte(doc), &m); err != nil {
		return err
	}
	if m["apiVersion"] == nil || m["kind"] == nil {
		return fmt.Errorf("manifest has no apiVersion or kind")
	}
	return nil
}
