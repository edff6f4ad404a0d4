using Microsoft.Extensions.Options;

namespace Mla.Exporters.Rollouts;

/// <summary>
/// Deletes the finished rollouts older than <c>Mla:AgentRollouts:Retention</c> (by their last change): at the
/// rollout loop's first step and then once per <see cref="Period"/>. Running and Paused rollouts are never deleted.
/// </summary>
public sealed class RolloutRetention(RolloutStore store, IOptions<RolloutOptions> options, TimeProvider time, ILogger<RolloutRetention> logger)
{
    /// <summary>How often the store is pruned.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    private DateTimeOffset? _next;

    /// <summary>Prunes when due (the first call always is); returns how many rollouts were deleted, null when not due.</summary>
    public async Task<int?> PruneIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_next is { } next && now < next)
        {
            return null;
        }

        var retention = options.Value.Retention;
        var deleted = await store.DeleteFinishedBeforeAsync(now - retention, cancellationToken);
        _next = now + Period;
        if (deleted > 0)
        {
            logger.LogInformation("Rollout retention: deleted {Count} finished rollouts last changed more than {Retention} ago", deleted, retention);
        }
        else
        {
            logger.LogDebug("Rollout retention: no finished rollout older than {Retention}", retention);
        }

        return deleted;
    }
}
