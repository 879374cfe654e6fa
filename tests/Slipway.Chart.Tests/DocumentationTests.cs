using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>
/// The operator docs say only what is true: every chart value they name exists, every values block is
/// valid and renders, every helm command renders with the deadlines the chart needs, every kubectl and
/// helm flag exists, and every slipway flag and environment variable they name is one slipway takes.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(ChartRenderer.ChartDirectory, "values.schema.json"))).RootElement;

    // The docs' example of a typo the schema rejects; asserted to be rejected below.
    private const string DocumentedTypo = "migration.runAsJobs";

    // Flags of the helm and kubectl versions the docs target (Helm 3.16, kubectl 1.31) that the docs may use.
    private static readonly Dictionary<string, string[]> HelmFlags = new()
    {
        ["install"] = ["-f", "--values", "--set", "--wait", "--timeout", "--namespace", "-n", "--atomic", "--create-namespace", "--version"],
        ["upgrade"] = ["--install", "-f", "--values", "--set", "--wait", "--timeout", "--namespace", "-n", "--atomic", "--create-namespace", "--version"],
        ["template"] = ["-f", "--values", "--set", "--namespace", "-n", "--show-only", "-s", "--api-versions", "-a", "--kube-version", "--version"],
        ["test"] = ["--logs", "--timeout", "--filter", "--namespace", "-n"],
        ["rollback"] = ["--wait", "--timeout", "--namespace", "-n", "--cleanup-on-fail"],
        ["uninstall"] = ["--wait", "--timeout", "--no-hooks", "--keep-history", "--namespace", "-n"],
    };

    private static readonly Dictionary<string, string[]> KubectlFlags = new()
    {
        ["run"] = ["--rm", "-i", "--stdin", "-t", "--tty", "--image", "--env", "--restart", "--overrides", "--namespace", "-n", "--command", "--labels", "-l", "--image-pull-policy", "--attach", "--pod-running-timeout"],
        ["exec"] = ["-i", "--stdin", "-t", "--tty", "-it", "-c", "--container", "--namespace", "-n"],
        ["logs"] = ["-f", "--follow", "-c", "--container", "-p", "--previous", "--tail", "--since", "--all-containers", "--namespace", "-n"],
        ["create"] = ["-f", "--filename", "--from-literal", "--from-file", "--from-env-file", "--type", "--from", "--namespace", "-n"],
        ["get"] = ["-o", "--output", "-w", "--watch", "--namespace", "-n", "-l"],
        ["delete"] = ["--namespace", "-n", "--ignore-not-found", "--wait"],
        ["wait"] = ["--for", "--timeout", "--namespace", "-n"],
    };

    [Fact]
    public void Every_chart_value_the_docs_name_exists_in_values_schema_json()
    {
        var topLevel = Schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var named = DocumentedCommands.InlineCode()
            .Select(span => (span.File, Path: ValuePath().Match(span.Code)))
            .Where(x => x.Path.Success && topLevel.Contains(x.Path.Groups[1].Value))
            .Select(x => (x.File, Path: x.Path.Value))
            .ToList();

        Assert.True(named.Count > 40, $"only {named.Count} documented values found: is the pattern still right?");
        var missing = named.Where(x => x.Path != DocumentedTypo && !Exists(x.Path)).Select(x => $"{x.File}: `{x.Path}`").Distinct().ToList();
        Assert.True(missing.Count == 0, "values the docs name that the chart does not have:\n" + string.Join('\n', missing));
        Assert.False(Exists(DocumentedTypo));
    }

    [Fact]
    public async Task Every_values_block_in_the_docs_is_valid_and_renders_with_the_production_values()
    {
        var topLevel = Schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var schema = JsonSchema.FromText(Schema.GetRawText());
        var blocks = DocumentedCommands.Blocks("yaml")
            .Where(b => TopLevelKeys(b.Body) is { Count: > 0 } keys && keys.All(topLevel.Contains))
            .ToList();
        Assert.True(blocks.Count >= 6, $"only {blocks.Count} values blocks found");
        using var dir = new TempDirectory();
        foreach (var (where, body) in blocks)
        {
            var file = dir.Write("block.yaml", body);
            string[] flags = ["-f", ChartRenderer.ValuesFile("values-prod.yaml"), "-f", file, "--api-versions", "monitoring.coreos.com/v1"];

            var results = schema.Evaluate(await ChartRenderer.MergedValuesAsync(flags), new EvaluationOptions { OutputFormat = OutputFormat.List });
            var render = await ChartRenderer.RunAsync(["--skip-schema-validation", .. flags]);

            Assert.True(results.IsValid, $"{where}: not valid against values.schema.json:\n{body}");
            Assert.True(render.ExitCode == 0, $"{where}: does not render:\n{render.Stderr}");
        }
    }

    [Fact]
    public async Task Every_documented_helm_command_renders_and_waits_longer_than_the_migration_job_may_run()
    {
        var commands = DocumentedCommands.ShellCommands().Where(c => c.Words[0] == "helm").ToList();
        Assert.True(commands.Count >= 5, $"only {commands.Count} helm commands found");
        foreach (var (where, words) in commands)
        {
            var sub = words[1];
            Assert.True(HelmFlags.TryGetValue(sub, out var allowed), $"{where}: `helm {sub}` is not a command these docs check");
            var flags = Flags(words[2..]);
            Assert.All(flags, f => Assert.True(allowed.Contains(f.Name), $"{where}: helm {sub} has no flag {f.Name}"));
            if (sub is "install" or "upgrade" or "template")
            {
                var positional = Positional(words[2..]);
                var renderFlags = new List<string> { "--name", positional[0] };
                foreach (var (name, value) in flags)
                {
                    switch (name)
                    {
                        case "-f" or "--values": renderFlags.AddRange(["-f", Repository.PathOf(value!)]); break;
                        case "--set": renderFlags.AddRange(["--set", value!]); break;
                        case "--show-only" or "-s": renderFlags.AddRange(["--show-only", value!]); break;
                        case "--namespace" or "-n": renderFlags.AddRange(["--namespace", value!]); break;
                        case "--api-versions" or "-a": renderFlags.AddRange(["--api-versions", value!]); break;
                    }
                }

                if (sub == "upgrade")
                {
                    renderFlags.Add("--is-upgrade");
                }

                Assert.Equal(Repository.PathOf("deploy/helm/sample-web-app"), Repository.PathOf(positional[1]));
                var render = await ChartRenderer.RunAsync(["--skip-schema-validation", .. renderFlags]);
                Assert.True(render.ExitCode == 0, $"{where}: {string.Join(' ', words)}\n{render.Stderr}");
                if (flags.Any(f => f.Name is "--show-only" or "-s"))
                {
                    // Piped into kubectl create: the Job must take its credentials from the Secret, as the hook does.
                    var job = Assert.Single(RenderedChart.Parse(render.Stdout).Jobs);
                    Assert.NotNull(job.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef);
                }

                if (sub != "template")
                {
                    var values = await ChartRenderer.MergedValuesAsync([.. renderFlags]);
                    var deadline = values.GetProperty("migration").GetProperty("job").GetProperty("activeDeadlineSeconds").GetInt32();
                    var timeout = flags.SingleOrDefault(f => f.Name == "--timeout").Value;
                    Assert.True(timeout is not null, $"{where}: helm {sub} without --timeout (Helm's default 5m is shorter than the Job's {deadline}s)");
                    Assert.True(Seconds(timeout) > deadline, $"{where}: --timeout {timeout} does not outlast activeDeadlineSeconds {deadline}");
                    Assert.Contains(flags, f => f.Name == "--wait");
                }
            }
            else if (sub is "test" or "rollback" or "uninstall")
            {
                Assert.Contains(flags, f => f.Name == "--timeout");
            }
        }
    }

    [Fact]
    public void Helm_commands_named_in_the_text_use_flags_helm_has()
    {
        var commands = InlineCommands().Where(c => c.Words[0] == "helm" && c.Words.Length > 1).ToList();
        Assert.True(commands.Count >= 5, $"only {commands.Count} inline helm commands found");
        foreach (var (where, words) in commands)
        {
            if (words[1].StartsWith('-'))
            {
                Assert.True(HelmFlags.Values.Any(f => f.Contains(words[1])), $"{where}: helm has no flag {words[1]}");
                continue;
            }

            Assert.True(HelmFlags.TryGetValue(words[1], out var allowed), $"{where}: `helm {words[1]}` is not a command these docs check");
            Assert.All(Flags(words[2..]), f => Assert.True(allowed.Contains(f.Name), $"{where}: helm {words[1]} has no flag {f.Name}"));
        }
    }

    [Fact]
    public void Every_documented_kubectl_command_uses_flags_kubectl_has()
    {
        var commands = DocumentedCommands.ShellCommands().Concat(InlineCommands()).Where(c => c.Words[0] == "kubectl" && c.Words.Length > 1).ToList();
        Assert.True(commands.Count >= 8, $"only {commands.Count} kubectl commands found");
        foreach (var (where, words) in commands)
        {
            var ownArgs = words.TakeWhile(w => w != "--").ToArray();
            Assert.True(KubectlFlags.TryGetValue(ownArgs[1], out var allowed), $"{where}: `kubectl {ownArgs[1]}` is not a command these docs check");
            var flags = Flags(ownArgs[2..]);
            Assert.All(flags, f => Assert.True(allowed.Contains(f.Name), $"{where}: kubectl {ownArgs[1]} has no flag {f.Name}"));
            if (ownArgs[1] == "create" && ownArgs.Length > 2 && ownArgs[2] == "job")
            {
                // kubectl create job --from only copies a CronJob.
                Assert.StartsWith("cronjob/", flags.Single(f => f.Name == "--from").Value, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Every_slipway_flag_and_environment_variable_the_docs_name_is_one_slipway_takes()
    {
        var invocations = DocumentedCommands.ShellCommands().Select(c => c.Words)
            .Concat(DocumentedCommands.InlineCode().Select(s => s.Code.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Select(words => words.SkipWhile(w => w != "slipway").ToArray())
            .Where(words => words.Length > 1 && Regex.IsMatch(words[1], "^[a-z]+$"))
            .ToList();
        Assert.True(invocations.Count >= 10, $"only {invocations.Count} slipway commands found");
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var words in invocations)
        {
            // A command with subcommands (fleet migrate, schema dump) is checked against the subcommand's help.
            var command = words.Length > 2 && Regex.IsMatch(words[2], "^[a-z]+$") && await IsCommandAsync(words[1] + " " + words[2], help) ? words[1] + " " + words[2] : words[1];
            if (!help.TryGetValue(command, out var text))
            {
                var result = await SlipwayProcess.RunAsync(Path.GetTempPath(), new Dictionary<string, string?>(), [.. command.Split(' '), "--help"]);
                Assert.True(result.ExitCode == 0, $"`slipway {command}` is not a slipway command:\n{result}");
                help[command] = text = result.Stdout;
            }

            foreach (var flag in words.Skip(2).Where(w => w.StartsWith("--", StringComparison.Ordinal)).Select(w => w.Split('=')[0]))
            {
                Assert.True(Regex.IsMatch(text, $@"(^|[\s,]){Regex.Escape(flag)}([\s,]|$)", RegexOptions.Multiline), $"`slipway {command}` has no {flag} (docs: {string.Join(' ', words)})");
            }
        }

        var allHelp = string.Join('\n', help.Values);
        var variables = DocumentedCommands.Files.SelectMany(f => EnvironmentVariable().Matches(DocumentedCommands.Text(f)).Select(m => m.Value)).Distinct().ToList();
        Assert.NotEmpty(variables);
        Assert.All(variables, v => Assert.True(allHelp.Contains(v, StringComparison.Ordinal), $"slipway takes no {v}"));
    }

    private static async Task<bool> IsCommandAsync(string command, Dictionary<string, string> help)
    {
        if (help.ContainsKey(command))
        {
            return true;
        }

        var result = await SlipwayProcess.RunAsync(Path.GetTempPath(), new Dictionary<string, string?>(), [.. command.Split(' '), "--help"]);
        if (result.ExitCode == 0 && result.Stdout.Contains("slipway " + command + " [", StringComparison.Ordinal))
        {
            help[command] = result.Stdout;
            return true;
        }

        return false;
    }

    private static IEnumerable<(string Where, string[] Words)> InlineCommands() =>
        DocumentedCommands.InlineCode().Select(span => (span.File, span.Code.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    private static bool Exists(string path)
    {
        var node = Schema;
        foreach (var segment in path.Split('.'))
        {
            node = Resolve(node);
            if (node.TryGetProperty("properties", out var properties) && properties.TryGetProperty(segment, out var child))
            {
                node = child;
            }
            else if (node.TryGetProperty("additionalProperties", out var any) && any.ValueKind == JsonValueKind.Object)
            {
                node = any; // a map such as commonLabels or podAnnotations: any key
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static JsonElement Resolve(JsonElement node) =>
        node.TryGetProperty("$ref", out var reference)
            ? Schema.GetProperty("definitions").GetProperty(reference.GetString()!["#/definitions/".Length..])
            : node;

    private static List<string> TopLevelKeys(string yaml) =>
        yaml.Split('\n').Where(l => l.Length > 0 && char.IsLetter(l[0])).Select(l => l.Split(':')[0]).ToList();

    private static List<(string Name, string? Value)> Flags(string[] words)
    {
        var flags = new List<(string, string?)>();
        for (var i = 0; i < words.Length; i++)
        {
            if (!words[i].StartsWith('-') || words[i] == "-")
            {
                continue;
            }

            var parts = words[i].Split('=', 2);
            var takesValue = parts.Length == 1 && i + 1 < words.Length && !words[i + 1].StartsWith('-') && !IsSwitch(parts[0]);
            flags.Add((parts[0], parts.Length == 2 ? parts[1] : takesValue ? words[++i] : null));
        }

        return flags;
    }

    private static readonly HashSet<string> Switches = new(StringComparer.Ordinal)
    {
        "--install", "--wait", "--atomic", "--create-namespace", "--logs", "--no-hooks", "--keep-history", "--cleanup-on-fail",
        "--rm", "-i", "-t", "-it", "--tty", "--stdin", "--follow", "--previous", "--all-containers", "--ignore-not-found",
    };

    private static bool IsSwitch(string flag) => Switches.Contains(flag);

    private static List<string> Positional(string[] words)
    {
        var positional = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].StartsWith('-'))
            {
                if (!words[i].Contains('=', StringComparison.Ordinal) && i + 1 < words.Length && !words[i + 1].StartsWith('-') && !IsSwitch(words[i]))
                {
                    i++;
                }

                continue;
            }

            positional.Add(words[i]);
        }

        return positional;
    }

    private static int Seconds(string duration)
    {
        var match = Regex.Match(duration, "^([0-9]+)(s|m|h)$");
        Assert.True(match.Success, $"--timeout {duration}: expected a whole number of s, m or h");
        var n = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "h" => n * 3600, "m" => n * 60, _ => n };
    }

    [GeneratedRegex(@"^([a-z][A-Za-z0-9]*)(\.[A-Za-z][A-Za-z0-9]*)+")]
    private static partial Regex ValuePath();

    [GeneratedRegex(@"\bSLIPWAY_[A-Z_]+\b")]
    private static partial Regex EnvironmentVariable();
}
