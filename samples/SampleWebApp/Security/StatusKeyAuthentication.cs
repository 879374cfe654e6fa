using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SampleWebApp.Security;

/// <summary>
/// Who may see the schema status page: a request carrying the operators' key in the
/// <c>X-Status-Key</c> header (configured as <c>StatusKey</c>, e.g. from a Kubernetes Secret). A real
/// app would plug in its own sign-in here; Slipway only asks for a policy.
/// </summary>
internal sealed class StatusKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "StatusKey";
    public const string Header = "X-Status-Key";
    public const string Policy = "schema-status";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var expected = configuration["StatusKey"];
        if (string.IsNullOrEmpty(expected) || !Request.Headers.TryGetValue(Header, out var given))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Constant-time comparison: the key must not leak through response timing.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.ToString()), Encoding.UTF8.GetBytes(expected)))
        {
            return Task.FromResult(AuthenticateResult.Fail("wrong status key"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
