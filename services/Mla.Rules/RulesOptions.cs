using System.ComponentModel.DataAnnotations;
using Mla.Hosting.Options;
using Mla.Rules.Alertmanager;
using Mla.Rules.VmAlert;

namespace Mla.Rules;

/// <summary>Section <c>Mla:Rules</c>.</summary>
public sealed class RulesOptions
{
    public const string SectionName = "Mla:Rules";

    /// <summary>vmalert: where MLA writes the rule files (one group per tenant and group) and how it reloads it.</summary>
    [ValidateNested]
    public VmAlertOptions VmAlert { get; set; } = new();

    /// <summary>The one real Alertmanager whose root route holds a sub-tree per tenant.</summary>
    [ValidateNested]
    public AlertmanagerOptions Alertmanager { get; set; } = new();

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
}
