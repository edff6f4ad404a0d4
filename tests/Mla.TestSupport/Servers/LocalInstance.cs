using System.Globalization;
using Mla.TestSupport.Processes;

namespace Mla.TestSupport.Servers;

/// <summary>
/// A locally installed server run as a tracked child on 127.0.0.1, with its config, data and logs in an instance
/// directory. Stop (SIGTERM, the whole tree killed after the grace period) and start again keep the ports and the
/// data; dispose kills it at once (the data is thrown away) and deletes the directory.
/// </summary>
internal abstract class LocalInstance : IRestartableInstance
{
    protected const string LocalHost = "127.0.0.1";

    private readonly ServerProcessSlot _server;

    protected LocalInstance(InstanceDirectory folder, string name, TimeSpan stopGracePeriod)
    {
        Folder = folder;
        _server = new ServerProcessSlot(name, stopGracePeriod);
    }

    public bool CanRestart => true;

    public abstract string Description { get; }

    public virtual IReadOnlyCollection<int> ProcessIds => _server.Current?.ProcessIds() ?? [];

    public string InstancePath => Folder.Path;

    protected InstanceDirectory Folder { get; }

    /// <summary>The running server's PID, or "stopped", for <see cref="Description"/>.</summary>
    protected string ServerProcessId => _server.Current?.Id.ToString(CultureInfo.InvariantCulture) ?? "stopped";

    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync();

    public Task StartAgainAsync(CancellationToken cancellationToken)
    {
        _server.EnsureStopped();
        return StartServerAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        await DisposeHelpersAsync().ConfigureAwait(false);
        Folder.Dispose();
    }

    /// <summary>Starts the server process (first start and start again) and waits until it is ready.</summary>
    protected abstract Task StartServerAsync(CancellationToken cancellationToken);

    /// <summary>Starts the server's process and holds and records it before it is ready, so a failed start is cleaned up too.</summary>
    protected ChildProcess StartServerProcess(ChildProcessSpec spec)
    {
        var process = ChildProcess.Start(spec);
        _server.Attach(process);
        Folder.Track(process);
        return process;
    }

    /// <summary>Stops helper processes that live across a stop and start again (after the server is gone).</summary>
    protected virtual ValueTask DisposeHelpersAsync() => ValueTask.CompletedTask;
}
