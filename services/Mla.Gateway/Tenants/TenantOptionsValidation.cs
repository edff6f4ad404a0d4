using System.ComponentModel.DataAnnotations;

namespace Mla.Gateway.Tenants;

/// <summary>Checks <c>Mla:Gateway:Tenants</c>, naming each failing key (<c>Tenants:&lt;id&gt;:TokenSha256</c>…).</summary>
internal static class TenantOptionsValidation
{
    public static IEnumerable<ValidationResult> Validate(IReadOnlyDictionary<string, TenantOptions> tenants)
    {
        var owners = new Dictionary<TokenDigest, string>();
        foreach (var (id, tenant) in tenants.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var key = $"{nameof(GatewayOptions.Tenants)}:{id}";
            if (!TenantId.IsValid(id))
            {
                yield return new ValidationResult(
                    $"'{id}' is not a valid tenant id (1 to {TenantId.MaxLength} of a-z A-Z 0-9 ! - _ . * ' ( ))", [key]);
            }

            if (tenant.TokenSha256 is not null)
            {
                if (!TokenDigest.TryParseHex(tenant.TokenSha256, out var digest))
                {
                    yield return new ValidationResult("must be the SHA-256 of the token as 64 hex digits", [$"{key}:{nameof(TenantOptions.TokenSha256)}"]);
                }
                else if (!owners.TryAdd(digest, id))
                {
                    yield return new ValidationResult(
                        $"is the same token as tenant '{owners[digest]}'; every tenant needs its own", [$"{key}:{nameof(TenantOptions.TokenSha256)}"]);
                }
            }

            if (tenant.ReadTokenSha256 is not null && !TokenDigest.TryParseHex(tenant.ReadTokenSha256, out _))
            {
                yield return new ValidationResult("must be the SHA-256 of the read token as 64 hex digits", [$"{key}:{nameof(TenantOptions.ReadTokenSha256)}"]);
            }

            foreach (var (target, prefix) in new (object Target, string Prefix)[]
            {
                (tenant.Limits, $"{key}:{nameof(TenantOptions.Limits)}"),
                (tenant.Limits.Logs, $"{key}:{nameof(TenantOptions.Limits)}:{nameof(Limits.LimitsOverrideOptions.Logs)}"),
            })
            {
                var results = new List<ValidationResult>();
                Validator.TryValidateObject(target, new ValidationContext(target), results, validateAllProperties: true);
                foreach (var result in results)
                {
                    yield return new ValidationResult(result.ErrorMessage, result.MemberNames.Select(member => $"{prefix}:{member}").ToArray());
                }
            }
        }
    }
}
