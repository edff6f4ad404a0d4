namespace Mla.Webhooks.Resync;

/// <summary>Progress of one resync, as <c>GET /api/v1/resync/{id}</c> shows it.</summary>
public sealed class ResyncRun(string id, string trigger, DateTimeOffset startedAt)
{
    private int _published;

    public string Id { get; } = id;

    public string Trigger { get; } = trigger;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public ResyncState State { get; private set; } = ResyncState.Running;

    public int Total { get; private set; }

    public int Published => Volatile.Read(ref _published);

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? Error { get; private set; }

    internal void SetTotal(int total) => Total = total;

    internal void CountPublished() => Interlocked.Increment(ref _published);

    internal void Complete(DateTimeOffset at)
    {
        FinishedAt = at;
        State = ResyncState.Completed;
    }

    internal void Fail(DateTimeOffset at, string error)
    {
        FinishedAt = at;
        Error = error;
        State = ResyncState.Failed;
    }
}
