using Microsoft.Extensions.Options;
using Slipway.Diagnostics;
using Slipway.Discovery;

namespace Slipway.AspNetCore.Configuration;

/// <summary>Fails the host's start with an actionable message instead of an unready pod with no explanation.</summary>
internal sealed class SlipwayOptionsValidation : IValidateOptions<SlipwayOptions>
{
    public ValidateOptionsResult Validate(string? name, SlipwayOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabaseUrl))
        {
            failures.Add("DATABASE_URL is not set: set the DATABASE_URL environment variable or Slipway:DatabaseUrl, e.g. postgresql://user:pass@host:5432/db or sqlite:app.db");
        }
        else
        {
            try
            {
                ProviderSelector.Create(options);
            }
            catch (ConfigurationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        try
        {
            PlaceholderValues.From(options.Placeholders.AsReadOnly());
        }
        catch (ConfigurationException ex)
        {
            failures.Add("Slipway:Placeholders: " + ex.Message);
        }

        if (options.Sources.Count == 0)
        {
            failures.Add("No migrations configured: call o.AddEmbeddedMigrations(typeof(Program).Assembly) or o.AddMigrationsFolder(\"migrations\") in AddSlipway, or set Slipway:MigrationsPath");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
