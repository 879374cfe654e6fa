// Command helm-render renders a Helm chart the way `helm template` does, for tests on machines
// where no helm binary can be installed. It is deliberately small: Go text/template, the sprig
// function library and Helm's own functions, values deep-merged from values.yaml, -f files and
// --set. Anything it cannot render exactly as Helm would (subcharts, CRDs, --set list indexes,
// toToml, ...) is an error, never a silently different manifest.
//
//	helm-render [flags] CHART_DIR
//	  -f FILE              values file, repeatable, later wins
//	  --set a.b=c          value override, repeatable (comma-separated pairs), wins over files
//	  --name NAME          release name (default "release-name", as helm template)
//	  --namespace NS       release namespace (default "default")
//	  --is-upgrade         render as an upgrade instead of an install
//	  --kube-version V     .Capabilities.KubeVersion (default v1.31.0)
//	  --api-versions G/V   extra .Capabilities.APIVersions, repeatable (e.g. monitoring.coreos.com/v1)
//	  --skip-schema-validation
//	                       required when the chart has values.schema.json: this renderer does not
//	                       validate; validate the --print-values output against the schema instead
//	  --print-values       print the merged values as JSON instead of rendering
//	  -s, --show-only T    only the manifests of template T (e.g. templates/migration-job.yaml), repeatable
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

type options struct {
	chartDir    string
	valueFiles  []string
	sets        []string
	release     string
	namespace   string
	isUpgrade   bool
	kubeVersion string
	apiVersions []string
	skipSchema  bool
	printValues bool
	showOnly    []string
}

func main() {
	opts, err := parseArgs(os.Args[1:])
	if err != nil {
		fail(err)
	}
	chart, err := loadChart(opts.chartDir)
	if err != nil {
		fail(err)
	}
	if chart.hasSchema && !opts.skipSchema && !opts.printValues {
		fail(fmt.Errorf("%s has values.schema.json and this renderer does not validate values against it as helm does; "+
			"validate the --print-values output against the schema and pass --skip-schema-validation", opts.chartDir))
	}
	values, err := mergeValues(chart, opts.valueFiles, opts.sets)
	if err != nil {
		fail(err)
	}
	if opts.printValues {
		out, err := json.MarshalIndent(values, "", "  ")
		if err != nil {
			fail(err)
		}
		fmt.Println(string(out))
		return
	}
	manifests, err := render(chart, values, opts)
	if err != nil {
		fail(err)
	}
	fmt.Print(manifests)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "Error:", err)
	os.Exit(1)
}

func parseArgs(args []string) (*options, error) {
	o := &options{release: "release-name", namespace: "default", kubeVersion: "v1.31.0"}
	next := func(i *int, flag string) (string, error) {
		if *i+1 >= len(args) {
			return "", fmt.Errorf("%s needs a value", flag)
		}
		*i++
		return args[*i], nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		var err error
		var v string
		switch {
		case a == "-f" || a == "--values":
			v, err = next(&i, a)
			o.valueFiles = append(o.valueFiles, v)
		case a == "--set":
			v, err = next(&i, a)
			o.sets = append(o.sets, v)
		case a == "--name":
			o.release, err = next(&i, a)
		case a == "--namespace" || a == "-n":
			o.namespace, err = next(&i, a)
		case a == "--is-upgrade":
			o.isUpgrade = true
		case a == "--kube-version":
			o.kubeVersion, err = next(&i, a)
		case a == "--api-versions" || a == "-a":
			v, err = next(&i, a)
			o.apiVersions = append(o.apiVersions, v)
		case a == "--skip-schema-validation":
			o.skipSchema = true
		case a == "--print-values":
			o.printValues = true
		case a == "--show-only" || a == "-s":
			v, err = next(&i, a)
			o.showOnly = append(o.showOnly, v)
		case strings.HasPrefix(a, "-"):
			return nil, fmt.Errorf("unknown flag %s (this renderer supports -f, --set, --name, --namespace, --is-upgrade, --kube-version, --api-versions, --skip-schema-validation, --print-values, --show-only)", a)
		default:
			if o.chartDir != "" {
				return nil, fmt.Errorf("one chart directory expected, got %s and %s", o.chartDir, a)
			}
			o.chartDir = a
		}
		if err != nil {
			return nil, err
		}
	}
	if o.chartDir == "" {
		return nil, fmt.Errorf("usage: helm-render [flags] CHART_DIR")
	}
	return o, nil
}
