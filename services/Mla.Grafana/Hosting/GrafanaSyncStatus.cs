namespace Mla.Grafana.Hosting;

/// <summary>
/// When the sync last ran, succeeded, how many writes it made, the last error; and for the first-login watch, how many
/// members the last successful run left waiting and how many users Grafana had just before that run.
/// </summary>
internal sealed class GrafanaSyncStatus
{
    private readonly Lock _gate = new();

    public DateTimeOffset? LastSuccess { get; private set; }

    public DateTimeOffset? LastAttempt { get; private set; }

    public long LastWrites { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Members (distinct e-mails) Grafana did not know at the last successful run (auth-proxy mode).</summary>
    public int WaitingForFirstLogin { get; private set; }

    /// <summary>Grafana's user count read just before the last successful run; null when not read (watch off, or the read refused).</summary>
    public long? UsersBeforeLastSuccess { get; private set; }

    /// <summary>What the first-login watch compares with, read together.</summary>
    public (int Waiting, long? UsersBeforeRun) FirstLoginBaseline
    {
        get
        {
            lock (_gate)
            {
                return (WaitingForFirstLogin, UsersBeforeLastSuccess);
            }
        }
    }

    public void Succeeded(DateTimeOffset at, long writes, int waitingForFirstLogin, long? usersBeforeRun)
    {
        lock (_gate)
        {
            (LastSuccess, LastAttempt, LastWrites, LastError) = (at, at, writes, null);
            (WaitingForFirstLogin, UsersBeforeLastSuccess) = (waitingForFirstLogin, usersBeforeRun);
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
