using System.ComponentModel.DataAnnotations;

namespace Mla.Hosting.Access;

/// <summary>
/// <c>Mla:Access:Oidc</c>: JWTs from an OpenID Connect issuer (KKP's Dex: issuer <c>https://kkp.example.com/dex</c>,
/// groups in the <c>groups</c> claim). Empty <see cref="Issuer"/>: JWTs are not accepted.
/// </summary>
public sealed class OidcAccessOptions : IValidatableObject
{
    /// <summary>The issuer (<c>iss</c>); its <c>/.well-known/openid-configuration</c> names the signing keys.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience (<c>aud</c>) a token must be issued for, e.g. Dex's client id of MLA.</summary>
    public string? Audience { get; set; }

    /// <summary>Discovery document address when it is not under the issuer.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Only for tests and development: allow an http issuer.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim whose values are mapped to roles (Dex: <c>groups</c>).</summary>
    [Required]
    public string RoleClaim { get; set; } = "groups";

    /// <summary>The claim that names the caller in the log (Dex: <c>email</c>; <c>sub</c> when it is missing).</summary>
    [Required]
    public string NameClaim { get; set; } = "email";

    /// <summary>Value of <see cref="RoleClaim"/> → role, e.g. <c>mla-operators: operator</c>.</summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.Ordinal);

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Issuer);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Issuer, UriKind.Absolute, out var issuer) || (issuer.Scheme != Uri.UriSchemeHttps && RequireHttpsMetadata))
        {
            yield return new ValidationResult("must be an absolute https URL (RequireHttpsMetadata=false allows http, for tests only)", [nameof(Issuer)]);
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return new ValidationResult("is required when Issuer is set", [nameof(Audience)]);
        }

        if (Roles.Count == 0)
        {
            yield return new ValidationResult("maps no claim value to a role: no JWT could do anything", [nameof(Roles)]);
        }

        foreach (var (value, role) in Roles.Where(r => !MlaRoles.IsKnown(r.Value)))
        {
            yield return new ValidationResult($"'{role}' is not a role; expected one of {string.Join(", ", MlaRoles.All)}", [$"Roles:{value}"]);
        }
    }
}
