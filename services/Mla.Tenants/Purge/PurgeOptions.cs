using System.ComponentModel.DataAnnotations;

namespace Mla.Tenants.Purge;

/// <summary>Section <c>Mla:Tenants:Purge</c>: the stores a deprovisioned tenant's data is purged from.</summary>
public sealed class PurgeOptions : IValidatableObject
{
    /// <summary>The stores, by name (the name is the <c>store</c> label on metrics and in the purge result).</summary>
    public Dictionary<string, PurgeStoreOptions> Stores { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long the reconciler waits after announcing a deprovisioning before it purges, so gateways and writers stop writing.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the reconciler waits before it tries a purge that was not verified again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Per store and purge: how long the store is asked whether the tenant's data is gone.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Pause between two checks of a store.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan VerifyInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// victoriametrics: how long the tenant must stay without series before the purge counts as verified. VictoriaMetrics
    /// 1.79 shows a series written just before the delete only ~10 s later (measured), so one empty answer proves little.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan VerifyQuietPeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Timeout of one HTTP request to a store.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan VerifyTimeoutOf(PurgeStoreOptions store) => store.VerifyTimeout ?? VerifyTimeout;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, store) in Stores.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var key = $"{nameof(Stores)}:{name}";
            if (!IsValidStoreName(name))
            {
                yield return new ValidationResult("store names use [a-zA-Z0-9._-] (they become metric labels)", [key]);
            }

            if (store is null)
            {
                yield return new ValidationResult("is empty; it needs at least Kind and Url", [key]);
                continue;
            }

            // Attributes first; the cross-field rules run even when an attribute failed (the validator skips them then).
            var results = new List<ValidationResult>();
            var context = new ValidationContext(store);
            Validator.TryValidateObject(store, context, results, validateAllProperties: true);
            results.AddRange(store.Validate(context));
            foreach (var result in results.DistinctBy(r => (r.ErrorMessage, string.Join(',', r.MemberNames))))
            {
                var members = result.MemberNames.Any() ? result.MemberNames : [string.Empty];
                foreach (var member in members)
                {
                    yield return new ValidationResult(result.ErrorMessage, [member.Length == 0 ? key : $"{key}:{member}"]);
                }
            }

            if (store.Kind == PurgeStoreKinds.VictoriaMetrics && VerifyQuietPeriod > TimeSpan.Zero && VerifyQuietPeriod >= VerifyTimeoutOf(store))
            {
                yield return new ValidationResult(
                    $"must be longer than VerifyQuietPeriod ({VerifyQuietPeriod}) for a victoriametrics store, or no purge is ever verified",
                    [store.VerifyTimeout is null ? nameof(VerifyTimeout) : $"{key}:{nameof(PurgeStoreOptions.VerifyTimeout)}"]);
            }
        }
    }

    private static bool IsValidStoreName(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
