using System.ComponentModel.DataAnnotations;
using Mla.Hosting.Options;

namespace Mla.Hosting.Access;

/// <summary>
/// <c>Mla:Access</c>: who may call <c>/api/v1</c> and <c>/internal/v1</c>. Bearer tokens are configured by their
/// SHA-256 only (<c>Mla:Access:Tokens:&lt;caller&gt;:Sha256</c>, e.g. from a Kubernetes Secret as an environment
/// variable), OIDC JWTs by issuer, audience and a claim-to-role mapping. Nothing configured: every admin route
/// answers 401.
/// </summary>
public sealed class AccessOptions : IValidatableObject
{
    public const string SectionName = "Mla:Access";

    /// <summary>Caller name (what the log shows) → the token's SHA-256 and role.</summary>
    public Dictionary<string, AccessTokenOptions> Tokens { get; set; } = new(StringComparer.Ordinal);

    [ValidateNested]
    public OidcAccessOptions Oidc { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (caller, token) in Tokens)
        {
            if (token.Sha256 is not { Length: 64 } hash || !hash.All(Uri.IsHexDigit))
            {
                yield return new ValidationResult(
                    "must be the SHA-256 of the token as 64 hex digits (e.g. printf %s \"$TOKEN\" | sha256sum)",
                    [$"Tokens:{caller}:Sha256"]);
            }

            if (!MlaRoles.IsKnown(token.Role))
            {
                yield return new ValidationResult(
                    $"'{token.Role}' is not a role; expected one of {string.Join(", ", MlaRoles.All)}",
                    [$"Tokens:{caller}:Role"]);
            }
        }
    }
}
