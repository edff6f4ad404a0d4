namespace Mla.TestSupport.Processes;

/// <summary>
/// The one running process of a local server that a test may stop and start again on the same ports and data:
/// a graceful stop (signal, grace period, then the whole tree killed), a guard against starting it twice, and a
/// hard stop on dispose (the data is thrown away anyway).
/// </summary>
public sealed class ServerProcessSlot(string name, TimeSpan stopGracePeriod) : IAsyncDisposable
{
    public ChildProcess? Current { get; private set; }

    /// <summary>Throws when the server still runs: a test must stop it before starting it again.</summary>
    public void EnsureStopped()
    {
        if (Current is not null)
        {
            throw new InvalidOperationException($"{name} is running: stop it first.");
        }
    }

    /// <summary>Holds a just-started process, before waiting for it to be ready, so a failed start is cleaned up too.</summary>
    public void Attach(ChildProcess process)
    {
        EnsureStopped();
        Current = process;
    }

    public async Task StopAsync()
    {
        if (Current is null)
        {
            return;
        }

        await Current.StopAsync(UnixSignal.Terminate, stopGracePeriod).ConfigureAwait(false);
        await Current.DisposeAsync().ConfigureAwait(false);
        Current = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Current is not null)
        {
            await Current.DisposeAsync().ConfigureAwait(false);
            Current = null;
        }
    }
}
