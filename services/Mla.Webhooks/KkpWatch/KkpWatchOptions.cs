using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Mla.Webhooks.KkpWatch;

/// <summary>
/// Section <c>Mla:Webhooks:Kkp</c>: the watch mode. Off while no seed is configured; with seeds, every seed's KKP
/// objects are listed and watched through its kubeconfig and turned into the same integration events as webhooks.
/// </summary>
public sealed partial class KkpWatchOptions : IValidatableObject
{
    public const string SectionName = "Mla:Webhooks:Kkp";

    /// <summary>The cleanup reporters MLA knows: a name in <see cref="CleanupBarrier"/> must be one of these.</summary>
    public static readonly IReadOnlyList<string> KnownCleanupReporters = [CleanupReporters.Tenants];

    /// <summary>Seeds by name (a DNS label: it becomes the clusters' seed), each with the kubeconfig of its API server.</summary>
    public Dictionary<string, KkpSeedOptions> Seeds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Comma-separated services that must report a cluster cleaned up before MLA drops its finalizer
    /// <c>mla.k8c.io/cleanup</c> (known: <c>tenants</c>); empty: drop it as soon as the cluster's event was published.
    /// </summary>
    public string CleanupBarrier { get; set; } = CleanupReporters.Tenants;

    /// <summary>How often clusters waiting on the cleanup barrier are checked again (a report also wakes them at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FinalizerCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one watch request may stay open before it is renewed from its last resourceVersion.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Objects per page of a list (<c>limit</c>/<c>continue</c>).</summary>
    [Range(10, 10_000)]
    public int ListPageSize { get; set; } = 500;

    /// <summary>First wait after a failed list or watch; doubled per failure in a row (with ±20 % jitter) up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => Seeds.Count > 0;

    public IReadOnlyList<string> CleanupBarrierServices =>
        CleanupBarrier.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (seed, options) in Seeds)
        {
            if (!DnsLabel().IsMatch(seed))
            {
                yield return new ValidationResult(
                    $"'{seed}' is not a valid seed name: lower-case letters, digits and '-', at most 63 characters", [$"{nameof(Seeds)}:{seed}"]);
            }

            if (string.IsNullOrWhiteSpace(options.Kubeconfig))
            {
                yield return new ValidationResult("is required: the path of the seed's kubeconfig file", [$"{nameof(Seeds)}:{seed}:{nameof(KkpSeedOptions.Kubeconfig)}"]);
            }
            else if (!File.Exists(options.Kubeconfig))
            {
                yield return new ValidationResult(
                    $"'{options.Kubeconfig}' does not exist or cannot be read", [$"{nameof(Seeds)}:{seed}:{nameof(KkpSeedOptions.Kubeconfig)}"]);
            }
        }

        foreach (var service in CleanupBarrierServices)
        {
            if (!KnownCleanupReporters.Contains(service, StringComparer.Ordinal))
            {
                yield return new ValidationResult(
                    $"'{service}' reports no cleanup; known: {string.Join(", ", KnownCleanupReporters)} (empty: no barrier)", [nameof(CleanupBarrier)]);
            }
        }

        if (MaxBackoff < InitialBackoff)
        {
            yield return new ValidationResult("must not be shorter than InitialBackoff", [nameof(MaxBackoff)]);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
