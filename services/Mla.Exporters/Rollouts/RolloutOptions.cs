using System.ComponentModel.DataAnnotations;
using Mla.Storage;

namespace Mla.Exporters.Rollouts;

/// <summary>Section <c>Mla:AgentRollouts</c>: where rollouts are kept (SQLite by default, PostgreSQL by connection string), for how long once finished, and how often the loop looks.</summary>
public sealed class RolloutOptions : SqlStoreOptions
{
    public const string SectionName = "Mla:AgentRollouts";

    public override string SqlitePath { get; set; } = ".mla/agent-rollouts.db";

    /// <summary>How often the rollout loop reads the stored rollouts and moves them on.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Clusters moved at once within a wave when a rollout does not say.</summary>
    [Range(1, 256)]
    public int DefaultMaxConcurrency { get; set; } = 5;

    /// <summary>The health timeout of a rollout that does not say.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DefaultHealthTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long finished rollouts (Completed, Halted, Aborted) are kept after their last change; older ones are
    /// deleted by the rollout loop at start and then hourly. Running and Paused rollouts are never deleted.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
