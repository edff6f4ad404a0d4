using Mla.Rules.Status;

namespace Mla.Rules.Sync;

/// <summary>A backend could not be written or reloaded; carries the statuses known so far (the affected ones Failed).</summary>
internal sealed class BackendUnavailableException(string message, IReadOnlyDictionary<StatusKey, SyncStatus> statuses) : Exception(message)
{
    public IReadOnlyDictionary<StatusKey, SyncStatus> Statuses { get; } = statuses;
}
