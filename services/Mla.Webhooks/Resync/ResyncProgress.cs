namespace Mla.Webhooks.Resync;

/// <summary>The counters of a resync while this replica runs it; written to the catalog database as it goes.</summary>
public sealed class ResyncProgress(string id, string trigger, DateTimeOffset startedAt)
{
    private int _total;
    private int _published;

    public string Id { get; } = id;

    public string Trigger { get; } = trigger;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public int Total => Volatile.Read(ref _total);

    public int Published => Volatile.Read(ref _published);

    internal void SetTotal(int total) => Volatile.Write(ref _total, total);

    internal void CountPublished() => Interlocked.Increment(ref _published);
}
