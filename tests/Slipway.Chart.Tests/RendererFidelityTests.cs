using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>tools/helm-render matches helm where the chart relies on it, and refuses loudly where it cannot.</summary>
public sealed class RendererFidelityTests
{
    [Fact]
    public async Task Rendering_a_chart_with_a_schema_requires_validating_it_separately()
    {
        var result = await ChartRenderer.RunAsync([]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("values.schema.json", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_list_syntax_is_refused_rather_than_approximated()
    {
        var result = await ChartRenderer.RunAsync(["--skip-schema-validation", "--set", "migration.extraArgs[0]=--verbose"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("not supported", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_merge_like_helm_files_in_order_then_set_with_null_deleting_a_default()
    {
        var values = await ChartRenderer.MergedValuesAsync(
            "-f", ChartRenderer.ValuesFile("values-dev.yaml"), "-f", ChartRenderer.ValuesFile("values-prod.yaml"),
            "--set", "replicaCount=7,migration.wait=null,image.tag=007");

        Assert.Equal(7, values.GetProperty("replicaCount").GetInt32());
        Assert.True(values.GetProperty("migration").GetProperty("runAsJob").GetBoolean());
        Assert.Equal("text", values.GetProperty("migration").GetProperty("logFormat").GetString());
        Assert.False(values.GetProperty("migration").TryGetProperty("wait", out _));
        Assert.Equal("007", values.GetProperty("image").GetProperty("tag").GetString());
        Assert.Equal("db-credentials", values.GetProperty("database").GetProperty("secretName").GetString());
    }

    [Fact]
    public async Task Helm_functions_include_tpl_required_lookup_capabilities_files_and_yaml_round_trips_render_as_helm_does()
    {
        using var chart = new TempDirectory();
        chart.Write("Chart.yaml", "apiVersion: v2\nname: probe\nversion: 1.2.3\nappVersion: \"9.9\"\n");
        chart.Write("values.yaml", "greeting: hello {{ .Release.Name }}\nbig: 1000000\nlist: [b, a]\nnested: {z: 1, a: {b: true}}\n");
        chart.Write("files/motd.txt", "line one\nline two\n");
        chart.Write("templates/_helpers.tpl", "{{- define \"probe.name\" -}}{{ .Chart.Name }}-{{ .Release.Name }}{{- end }}");
        chart.Write("templates/cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ include "probe.name" . }}
              namespace: {{ .Release.Namespace }}
            data:
              tpl: {{ tpl .Values.greeting . | quote }}
              big: {{ .Values.big | quote }}
              chart: {{ printf "%s/%s/%s" .Chart.Name .Chart.Version .Chart.AppVersion | quote }}
              install: {{ printf "%v/%v" .Release.IsInstall .Release.IsUpgrade | quote }}
              kube: {{ .Capabilities.KubeVersion.Version | quote }}
              hasApps: {{ .Capabilities.APIVersions.Has "apps/v1" | quote }}
              hasMonitoring: {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" | quote }}
              lookup: {{ lookup "v1" "Secret" "default" "x" | len | quote }}
              motd: {{ .Files.Get "files/motd.txt" | quote }}
              lines: {{ .Files.Lines "files/motd.txt" | len | quote }}
              json: {{ toJson .Values.nested | quote }}
              roundtrip: {{ (fromYaml (toYaml .Values.nested)).a.b | quote }}
              yaml: |
                {{- toYaml .Values.nested | nindent 4 }}
              template: {{ .Template.Name | quote }}
            """);

        var result = await ChartRenderer.RunAsync(["--name", "rel", "--namespace", "ns", "--is-upgrade"], chart.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var data = Assert.IsType<k8s.Models.V1ConfigMap>(Assert.Single(RenderedChart.Parse(result.Stdout).Objects)).Data;
        Assert.Equal("hello rel", data["tpl"]);
        Assert.Equal("1e+06", data["big"]); // helm's values are JSON numbers (float64): this is what helm prints too
        Assert.Equal("probe/1.2.3/9.9", data["chart"]);
        Assert.Equal("false/true", data["install"]);
        Assert.Equal("v1.31.0", data["kube"]);
        Assert.Equal(("true", "false"), (data["hasApps"], data["hasMonitoring"]));
        Assert.Equal("0", data["lookup"]);
        Assert.Equal("line one\nline two\n", data["motd"]);
        Assert.Equal("2", data["lines"]);
        Assert.Equal("{\"a\":{\"b\":true},\"z\":1}", data["json"]);
        Assert.Equal("true", data["roundtrip"]);
        Assert.Equal("a:\n  b: true\nz: 1\n", data["yaml"]);
        Assert.Equal("probe/templates/cm.yaml", data["template"]);
        Assert.Contains("# Source: probe/templates/cm.yaml", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_of_objects_in_values_render_into_the_chart_as_the_same_lists()
    {
        using var values = new TempDirectory();
        var file = values.Write("lists.yaml", """
            imagePullSecrets: [{name: regcred}, {name: mirror}]
            tolerations:
              - {key: dedicated, operator: Equal, value: db, effect: NoSchedule}
              - {key: spot, operator: Exists}
            env:
              - {name: FEATURE_X, value: "true"}
              - name: POD_IP
                valueFrom: {fieldRef: {fieldPath: status.podIP}}
            """);

        var pod = (await ChartRenderer.RenderAsync("-f", file)).Deployment.Spec.Template.Spec;

        Assert.Equal(["regcred", "mirror"], pod.ImagePullSecrets.Select(s => s.Name));
        Assert.Equal(["dedicated/Equal/db/NoSchedule", "spot/Exists//"], pod.Tolerations.Select(t => $"{t.Key}/{t.OperatorProperty}/{t.Value}/{t.Effect}"));
        var env = pod.Containers[0].Env;
        Assert.Equal("true", env.Single(e => e.Name == "FEATURE_X").Value);
        Assert.Equal("status.podIP", env.Single(e => e.Name == "POD_IP").ValueFrom.FieldRef.FieldPath);
    }

    [Theory]
    [InlineData(@"del\u007f")]
    public async Task A_value_helms_toYaml_cannot_write_fails_the_render_naming_the_template_and_line(string value)
    {
        // Helm's toYaml swallows this error and writes an empty string; a test must not pass on that.
        using var chart = new TempDirectory();
        chart.Write("Chart.yaml", "apiVersion: v2\nname: probe\nversion: 1.0.0\n");
        chart.Write("values.yaml", $"text: \"{value}\"\n");
        chart.Write("templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\ndata:\n  text: {{ toYaml .Values.text | quote }}\n");

        var result = await ChartRenderer.RunAsync([], chart.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("probe/templates/cm.yaml:6:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("toYaml", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_capabilities_question_about_a_built_in_kind_is_refused_rather_than_answered_false()
    {
        // helm template knows every built-in group/version/Kind; this renderer knows only group/versions.
        using var chart = new TempDirectory();
        chart.Write("Chart.yaml", "apiVersion: v2\nname: probe\nversion: 1.0.0\n");
        chart.Write("templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\ndata:\n  pdb: {{ .Capabilities.APIVersions.Has \"policy/v1/PodDisruptionBudget\" | quote }}\n");

        var result = await ChartRenderer.RunAsync([], chart.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("probe/templates/cm.yaml:6:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("policy/v1/PodDisruptionBudget", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_only_prints_one_templates_manifests_and_refuses_a_template_that_renders_none()
    {
        var jobOnly = await ChartRenderer.RunAsync(["--skip-schema-validation", "-f", ChartRenderer.ValuesFile("values-prod.yaml"), "--show-only", "templates/migration-job.yaml"]);
        var none = await ChartRenderer.RunAsync(["--skip-schema-validation", "--show-only", "templates/migration-job.yaml"]);

        Assert.True(jobOnly.ExitCode == 0, jobOnly.Stderr);
        Assert.IsType<k8s.Models.V1Job>(Assert.Single(RenderedChart.Parse(jobOnly.Stdout).Objects));
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("could not find template templates/migration-job.yaml in chart", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromYaml_and_fromYamlArray_of_the_wrong_shape_return_the_error_as_helm_does()
    {
        using var chart = new TempDirectory();
        chart.Write("Chart.yaml", "apiVersion: v2\nname: probe\nversion: 1.0.0\n");
        chart.Write("templates/cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: probe
            data:
              map: {{ hasKey (fromYaml "- a") "Error" | quote }}
              array: {{ fromYamlArray "a: 1" | len | quote }}
              arrayError: {{ fromYamlArray "a: 1" | first | contains "cannot unmarshal" | quote }}
              empty: {{ fromYamlArray "" | len | quote }}
            """);

        var result = await ChartRenderer.RunAsync([], chart.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var data = Assert.IsType<k8s.Models.V1ConfigMap>(Assert.Single(RenderedChart.Parse(result.Stdout).Objects)).Data;
        Assert.Equal(("true", "1", "true", "0"), (data["map"], data["array"], data["arrayError"], data["empty"]));
    }

    [Fact]
    public async Task Required_fails_the_render_with_its_message()
    {
        var result = await ChartRenderer.RunAsync(["--skip-schema-validation", "--set", "database.secretName="]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("database.secretName is required", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subcharts_are_refused()
    {
        using var chart = new TempDirectory();
        chart.Write("Chart.yaml", "apiVersion: v2\nname: parent\nversion: 1.0.0\ndependencies:\n  - name: child\n    version: 1.0.0\n");

        var result = await ChartRenderer.RunAsync([], chart.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("subcharts are not supported", result.Stderr, StringComparison.Ordinal);
    }
}
