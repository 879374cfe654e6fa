using System.CommandLine;
using System.Globalization;
using System.Text;
using Slipway.Cli.Configuration;
using Slipway.Diagnostics;
using Slipway.Discovery;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway new NAME</c>: creates the next versioned file (and optionally its down script) in the first migrations folder.</summary>
internal static class NewCommand
{
    public static Command Create(CommonOptions common)
    {
        var name = new Argument<string>("name") { Description = "What the migration does, e.g. add_orders_table" };
        var down = new Option<bool>("--down") { Description = "Also create the U{version}__{name}.sql down script" };
        var timestamp = new Option<bool>("--timestamp") { Description = "Use a UTC timestamp version (yyyyMMddHHmmss) instead of the next number" };
        var command = new Command("new", "Create the next versioned migration file") { name, down, timestamp };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "new", async (context, ct) =>
        {
            var folder = context.Settings.MigrationFolders.Count > 0 ? context.Settings.MigrationFolders[0] : "migrations";
            Directory.CreateDirectory(folder);
            var catalog = await MigrationCatalog.LoadAsync(context.Sources.Take(1), ct);
            var version = NextVersion(catalog.Latest, result.GetValue(timestamp));
            var description = Sanitize(result.GetValue(name)!);
            var up = Path.Combine(folder, $"V{version}__{description}.sql");
            await File.WriteAllTextAsync(up, $"-- {description.Replace('_', ' ')}\n-- Directives (optional): -- slipway: no-transaction | phase=post-deploy | lock-timeout=2s\n\n", ct);
            context.Output.Line("Created " + up, ConsoleColor.Green);
            if (result.GetValue(down))
            {
                var downPath = Path.Combine(folder, $"U{version}__{description}.sql");
                await File.WriteAllTextAsync(downPath, $"-- Undo V{version}: {description.Replace('_', ' ')}\n\n", ct);
                context.Output.Line("Created " + downPath, ConsoleColor.Green);
            }

            return new CommandOutcome(0, version);
        }, cancellationToken));
        return command;
    }

    internal static string NextVersion(MigrationVersion? latest, bool timestamp)
    {
        var now = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        if (timestamp || latest?.Text.Length >= 12 && !latest.Text.Contains('.', StringComparison.Ordinal))
        {
            return latest is not null && MigrationVersion.Parse(now) <= latest ? IncrementLast(latest.Text) : now;
        }

        return latest is null ? "1" : IncrementLast(latest.Text.Split('.')[0]);
    }

    private static string IncrementLast(string text) =>
        (System.Numerics.BigInteger.Parse(text, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Trim())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        var result = builder.ToString().Trim('_');
        return result.Length > 0 ? result : throw new ConfigurationException($"'{text}' gives an empty migration name; use letters and digits, e.g. add_orders_table");
    }
}
