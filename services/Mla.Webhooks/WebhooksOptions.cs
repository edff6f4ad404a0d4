using System.ComponentModel.DataAnnotations;
using Mla.Hosting.Options;
using Mla.Webhooks.KkpWatch;

namespace Mla.Webhooks;

/// <summary>Section <c>Mla:Webhooks</c>.</summary>
public sealed class WebhooksOptions : IValidatableObject
{
    public const string SectionName = "Mla:Webhooks";

    /// <summary>HMAC-SHA256 key for <c>X-Mla-Signature</c> (environment <c>Mla__Webhooks__Secret</c>).</summary>
    public string? Secret { get; set; }

    /// <summary>Embedded default only: when no secret is configured, generate one for this run and log it once.</summary>
    public bool GenerateSecretWhenMissing { get; set; }

    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a publish may wait for the broker's confirm before the sender gets 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an event id is remembered; a redelivery within it is accepted and ignored.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How often the whole desired state is re-published; <c>00:00:00</c> turns the schedule off. Every replica runs
    /// the schedule, but one that finds a resync started within half the interval (on any replica) skips its turn.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many resyncs may run at once across all replicas (they share the catalog database); a start beyond it —
    /// <c>POST /api/v1/resync</c> or the schedule — finds the running one instead.
    /// </summary>
    [Range(1, 16)]
    public int MaxConcurrentResyncs { get; set; } = 1;

    [Range(1, 10_000)]
    public int MaxEventsPerBatch { get; set; } = 1000;

    /// <summary><c>Mla:Webhooks:Kkp</c>: the watch of KKP seeds (docs/kkp-watch.md); off while no seed is configured.</summary>
    [ValidateNested]
    public KkpWatchOptions Kkp { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(Secret) && !GenerateSecretWhenMissing)
        {
            yield return new ValidationResult(
                "is required: set the HMAC secret shared with KKP (environment Mla__Webhooks__Secret)",
                [nameof(Secret)]);
        }
    }
}
