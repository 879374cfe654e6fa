namespace Slipway.Cli.Tests;

/// <summary>
/// The parts of a GitHub Actions workflow file a test runs: the top-level <c>env:</c> and the steps of its
/// jobs (name, <c>if:</c>, <c>run:</c> block). Reads the plain block style the repository's workflows use.
/// </summary>
internal sealed class Workflow
{
    private Workflow(Dictionary<string, string> environment, List<Step> steps) => (Environment, Steps) = (environment, steps);

    public IReadOnlyDictionary<string, string> Environment { get; }

    public IReadOnlyList<Step> Steps { get; }

    public static Workflow Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var steps = new List<Step>();
        Step? step = null;
        var inEnv = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            var indent = line.Length - trimmed.Length;
            if (indent == 0)
            {
                inEnv = trimmed == "env:";
                continue;
            }

            if (inEnv && indent == 2 && trimmed.Split(':', 2) is [var key, var value])
            {
                environment[key.Trim()] = value.Trim();
                continue;
            }

            if (trimmed.StartsWith("- ", StringComparison.Ordinal) && (trimmed.StartsWith("- name:", StringComparison.Ordinal) || trimmed.StartsWith("- uses:", StringComparison.Ordinal)))
            {
                step = new Step { Name = trimmed.StartsWith("- name:", StringComparison.Ordinal) ? trimmed["- name:".Length..].Trim() : trimmed["- uses:".Length..].Trim() };
                steps.Add(step);
                continue;
            }

            if (step is null)
            {
                continue;
            }

            if (trimmed.StartsWith("if:", StringComparison.Ordinal))
            {
                step.Condition = trimmed["if:".Length..].Trim();
            }
            else if (trimmed == "run: |")
            {
                var body = new List<string>();
                while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
                {
                    body.Add(lines[++i]);
                }

                var bodyIndent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
                step.Run = string.Join('\n', body.Select(l => l.Length >= bodyIndent ? l[bodyIndent..] : string.Empty)).TrimEnd() + "\n";
            }
            else if (trimmed.StartsWith("run:", StringComparison.Ordinal))
            {
                step.Run = trimmed["run:".Length..].Trim() + "\n";
            }
        }

        return new Workflow(environment, steps);
    }

    /// <summary>One step of a job.</summary>
    internal sealed class Step
    {
        public required string Name { get; init; }

        public string? Condition { get; set; }

        public string? Run { get; set; }
    }
}
