using System.ComponentModel.DataAnnotations;
using Mla.Hosting.Options;
using Mla.Rules.Alertmanager;
using Mla.Rules.Rulers;
using Mla.Rules.VmAlert;

namespace Mla.Rules;

/// <summary>Section <c>Mla:Rules</c>.</summary>
public sealed class RulesOptions : IValidatableObject
{
    public const string SectionName = "Mla:Rules";

    /// <summary>vmalert: where MLA writes the rule files (one group per tenant and group) and how it reloads it.</summary>
    [ValidateNested]
    public VmAlertOptions VmAlert { get; set; } = new();

    /// <summary>The one real Alertmanager whose root route holds a sub-tree per tenant.</summary>
    [ValidateNested]
    public AlertmanagerOptions Alertmanager { get; set; } = new();

    /// <summary>
    /// The default rule groups: <c>metrics/*.yaml</c> and <c>logs/*.yaml</c>, one group per file, fanned out to every
    /// cluster with the signal on. The service ships a set in <c>rule-groups/</c> beside its binary; null: no defaults.
    /// </summary>
    public string? DefaultsDirectory { get; set; }

    /// <summary>How long the sync waits after a change for more changes, so that a burst is one reload.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Level-triggered resync: compare everything with what the backends hold even without a change.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>First wait before a failed sync (backend down, reload refused) is tried again; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many tenants a ruler or Alertmanager API pass works on at once.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 8;

    /// <summary>Per seed, the ruler and Alertmanager APIs (Mimir, Cortex, Loki); a seed or signal not named here uses vmalert and the composed Alertmanager.</summary>
    public Dictionary<string, SeedBackendsOptions> Seeds { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (seed, backends) in Seeds)
        {
            foreach (var (signal, nested) in new (string, object?)[] { ("Metrics", backends.Metrics), ("Logs", backends.Logs), ("Alertmanager", backends.Alertmanager) })
            {
                if (nested is null)
                {
                    continue;
                }

                var results = new List<ValidationResult>();
                Validator.TryValidateObject(nested, new ValidationContext(nested), results, validateAllProperties: true);
                foreach (var result in results)
                {
                    yield return new ValidationResult($"Seeds:{seed}:{signal}: {result.ErrorMessage}", [nameof(Seeds)]);
                }
            }

            if (backends.Logs is { Kind: not RulerKind.Loki })
            {
                yield return new ValidationResult($"Seeds:{seed}:Logs: logs rules need a Loki ruler (Kind Loki)", [nameof(Seeds)]);
            }

            if (backends.Metrics is { Kind: RulerKind.Loki })
            {
                yield return new ValidationResult($"Seeds:{seed}:Metrics: a Loki ruler evaluates LogQL, not metrics rules", [nameof(Seeds)]);
            }
        }
    }
}
