using System.ComponentModel.DataAnnotations;
using Mla.Hosting.Options;
using Mla.Storage;
using Mla.Tenants.Purge;
using Mla.Tenants.Reconciliation;

namespace Mla.Tenants;

/// <summary>Section <c>Mla:Tenants</c>.</summary>
public sealed class TenantsOptions : SqlStoreOptions, IValidatableObject
{
    public const string SectionName = "Mla:Tenants";

    public override string SqlitePath { get; set; } = ".mla/tenants.db";

    /// <summary>Base64 of 32 bytes: the AES-256-GCM key that encrypts private keys at rest (<c>Mla__Tenants__KeyEncryptionKey</c>).</summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>Embedded default only: without a configured key, use (or create) the key file <see cref="KeyFilePath"/>.</summary>
    public bool GenerateKeyWhenMissing { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string KeyFilePath { get; set; } = ".mla/tenants.key";

    /// <summary>Lifetime of tenant client certificates; renewed at two thirds. Below an hour only for tests and demos.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "3650.00:00:00")]
    public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromDays(90);

    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00")]
    public TimeSpan AuthorityLifetime { get; set; } = TimeSpan.FromDays(3650);

    /// <summary>How often certificates are checked for renewal (renewed at two thirds of their lifetime).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RenewalCheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    [ValidateNested]
    public Authorities.CaRotationOptions CaRotation { get; set; } = new();

    /// <summary>Where agents send their data; handed out with the credentials.</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>
    /// PEM file with the CA(s) that signed the gateway's <b>server</b> certificate: handed out as the credentials' CA
    /// bundle, so that agents verify the gateway. Read on every request (a rotated mounted file takes effect at once).
    /// Unset: an empty bundle, agents use their system trust store (a gateway with a publicly trusted certificate).
    /// </summary>
    public string? GatewayCaPath { get; set; }

    /// <summary>Per seed: the CA file of that seed's gateway server certificate (overrides <see cref="GatewayCaPath"/>).</summary>
    public Dictionary<string, string> SeedGatewayCaPaths { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// On: a deprovisioned tenant's data is deleted from every store of <see cref="Purge"/> and verified before it
    /// is Deleted. Off (default, as KKP): the data stays until the store's retention removes it.
    /// </summary>
    public bool PurgeDataOnDelete { get; set; }

    [ValidateNested]
    public PurgeOptions Purge { get; set; } = new();

    [ValidateNested]
    public TenantLimitDefaults DefaultLimits { get; set; } = TenantLimitDefaults.Platform();

    /// <summary>Per-seed defaults between the platform defaults and a cluster's overrides (a seed's own capacity).</summary>
    public Dictionary<string, TenantLimitDefaults> SeedLimits { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A tenant's limits: its cluster's overrides, else its seed's defaults, else the platform defaults.</summary>
    public Mla.Contracts.Tenants.TenantLimits ResolveLimits(string seed, Mla.Contracts.Settings.MonitoringLimits? monitoring, Mla.Contracts.Settings.LoggingLimits? logging)
    {
        if (SeedLimits.TryGetValue(seed, out var seedDefaults))
        {
            var seedLevel = seedDefaults.Resolve(monitoring, logging);
            return DefaultLimits.Resolve(seedLevel.Monitoring, seedLevel.Logging);
        }

        return DefaultLimits.Resolve(monitoring, logging);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PurgeDataOnDelete && Purge.Stores.Count == 0)
        {
            yield return new ValidationResult(
                "is on but Mla:Tenants:Purge:Stores names no store to purge (e.g. Stores:victoriametrics:Kind=victoriametrics, Url=...)",
                [nameof(PurgeDataOnDelete)]);
        }

        foreach (var (seed, path) in SeedGatewayCaPaths.Select(p => (p.Key, (string?)p.Value)).Append(("*", GatewayCaPath)))
        {
            if (path is { Length: > 0 } && !File.Exists(path))
            {
                yield return new ValidationResult(
                    $"names '{path}' (seed {seed}), which does not exist",
                    [seed == "*" ? nameof(GatewayCaPath) : nameof(SeedGatewayCaPaths)]);
            }
        }

        if (string.IsNullOrEmpty(KeyEncryptionKey))
        {
            if (!GenerateKeyWhenMissing)
            {
                yield return new ValidationResult(
                    "is required: base64 of 32 random bytes (environment Mla__Tenants__KeyEncryptionKey)", [nameof(KeyEncryptionKey)]);
            }
        }
        else if (!Credentials.KeyEncryption.IsValidKey(KeyEncryptionKey))
        {
            // Never echo the value: it is a secret.
            yield return new ValidationResult("must be base64 of exactly 32 bytes", [nameof(KeyEncryptionKey)]);
        }
    }
}
