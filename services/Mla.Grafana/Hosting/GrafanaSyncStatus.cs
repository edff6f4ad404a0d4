namespace Mla.Grafana.Hosting;

/// <summary>When the sync last ran, succeeded, how many writes it made, the last error.</summary>
internal sealed class GrafanaSyncStatus
{
    private readonly Lock _gate = new();

    public DateTimeOffset? LastSuccess { get; private set; }

    public DateTimeOffset? LastAttempt { get; private set; }

    public long LastWrites { get; private set; }

    public string? LastError { get; private set; }

    public void Succeeded(DateTimeOffset at, long writes)
    {
        lock (_gate)
        {
            (LastSuccess, LastAttempt, LastWrites, LastError) = (at, at, writes, null);
        }
    }

    public void Failed(DateTimeOffset at, string error)
    {
        lock (_gate)
        {
            (LastAttempt, LastError) = (at, error);
        }
    }
}
