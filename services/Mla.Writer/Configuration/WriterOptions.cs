using System.ComponentModel.DataAnnotations;
using Mla.Hosting.Options;
using Mla.Ingestion.Kafka;
using Mla.Tenants.Client;
using UrlRedaction = Mla.Writer.Sinks.UrlRedaction;

namespace Mla.Writer.Configuration;

/// <summary>Section <c>Mla:Writer</c>: the topic to drain and the sinks to write it to.</summary>
public sealed class WriterOptions : IValidatableObject
{
    public const string SectionName = "Mla:Writer";

    [ValidateNested]
    public WriterKafkaOptions Kafka { get; set; } = new();

    /// <summary>The topic holding remote-write records (key = tenant id).</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[a-zA-Z0-9._-]{1,249}$", ErrorMessage = "must be a Kafka topic name ([a-zA-Z0-9._-], at most 249 characters)")]
    public string Topic { get; set; } = IngestionTopics.Metrics;

    /// <summary>Where permanently rejected records go; empty means <c>&lt;Topic&gt;.dlq</c>.</summary>
    public string? DeadLetterTopic { get; set; }

    /// <summary>
    /// Where the held records of a tenant stalled longer than a sink's <c>MaxTenantStall</c> go, to be written from
    /// there once the sink takes them; empty means <c>&lt;Topic&gt;.retry</c>. Each sink's consumer reads it too.
    /// </summary>
    public string? RetryTopic { get; set; }

    /// <summary>The storage endpoints, by name; each gets its own consumer group and consume loop.</summary>
    public Dictionary<string, SinkOptions> Sinks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often consumer lag per partition is refreshed on <c>/metrics</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LagInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>On shutdown: how long the loops may take to flush what they hold and commit.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [ValidateNested]
    public ReplayOptions Replay { get; set; } = new();

    /// <summary>Section <c>Mla:Writer:Tenants</c>: the tenant service, to drop records of deleted tenants; empty <c>Url</c>: not followed.</summary>
    [ValidateNested]
    public TenantsClientOptions Tenants { get; set; } = new();

    public string EffectiveDeadLetterTopic => string.IsNullOrWhiteSpace(DeadLetterTopic) ? IngestionTopics.DeadLetter(Topic) : DeadLetterTopic;

    public string EffectiveRetryTopic => string.IsNullOrWhiteSpace(RetryTopic) ? IngestionTopics.Retry(Topic) : RetryTopic;

    public IEnumerable<KeyValuePair<string, SinkOptions>> EnabledSinks => Sinks.Where(s => s.Value.Enabled);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EnabledSinks.Any() && string.IsNullOrWhiteSpace(Kafka.BootstrapServers))
        {
            yield return new ValidationResult("is required when a sink is enabled", [$"{nameof(Kafka)}:{nameof(WriterKafkaOptions.BootstrapServers)}"]);
        }

        if (!string.IsNullOrWhiteSpace(RetryTopic) && (RetryTopic == Topic || RetryTopic == EffectiveDeadLetterTopic))
        {
            yield return new ValidationResult("must differ from Topic and DeadLetterTopic", [nameof(RetryTopic)]);
        }

        if (Tenants.Enabled
            && (!Uri.TryCreate(Tenants.Url, UriKind.Absolute, out var tenantsUrl) || (tenantsUrl.Scheme != Uri.UriSchemeHttp && tenantsUrl.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"'{UrlRedaction.Redact(Tenants.Url ?? string.Empty)}' is not an absolute http(s) URL", [$"{nameof(Tenants)}:{nameof(TenantsClientOptions.Url)}"]);
        }

        foreach (var (name, sink) in Sinks)
        {
            if (!SinkOptions.IsValidName(name))
            {
                yield return new ValidationResult("sink names use [a-zA-Z0-9._-] (they become consumer group ids and metric labels)", [$"{nameof(Sinks)}:{name}"]);
            }

            // Attributes first; the cross-field rules run even when an attribute failed (the validator skips them then).
            var results = new List<ValidationResult>();
            var context = new ValidationContext(sink);
            Validator.TryValidateObject(sink, context, results, validateAllProperties: true);
            results.AddRange(sink.Validate(context));
            foreach (var result in results.DistinctBy(r => (r.ErrorMessage, string.Join(',', r.MemberNames))))
            {
                var members = result.MemberNames.Any() ? result.MemberNames : [string.Empty];
                foreach (var member in members)
                {
                    yield return new ValidationResult(result.ErrorMessage, [member.Length == 0 ? $"{nameof(Sinks)}:{name}" : $"{nameof(Sinks)}:{name}:{member}"]);
                }
            }
        }
    }
}
