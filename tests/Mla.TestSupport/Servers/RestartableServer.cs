using System.Diagnostics;

namespace Mla.TestSupport.Servers;

/// <summary>
/// A server a test may stop and start again on the same ports with the same data; each step is announced on stdout
/// (<see cref="ServerAnnouncement"/>) with its duration.
/// </summary>
public abstract class RestartableServer : StartedServer
{
    private readonly IRestartableInstance _instance;
    private readonly string _name;

    /// <param name="instance">The server, started and ready.</param>
    /// <param name="name">Names it in the stop line ("VictoriaMetrics on http://127.0.0.1:8428/"); must not change across a restart.</param>
    /// <param name="source">Which way it was had.</param>
    /// <param name="startupDuration">How long the start took (until ready).</param>
    private protected RestartableServer(IRestartableInstance instance, string name, ServerSource source, TimeSpan startupDuration)
        : base(instance, source, startupDuration)
    {
        _instance = instance;
        _name = name;
    }

    /// <summary>False for a server from the environment: <see cref="StopAsync"/> and <see cref="StartAgainAsync"/> throw.</summary>
    public bool CanRestart => _instance.CanRestart;

    /// <summary>Stops the server gracefully and waits until it is gone (local: SIGTERM to its PID; container: docker stop).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await _instance.StopAsync(cancellationToken).ConfigureAwait(false);
        ServerAnnouncement.Write($"{_name} stopped in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Starts the stopped server again on the same ports with the same data, and waits until it is ready.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await _instance.StartAgainAsync(cancellationToken).ConfigureAwait(false);
        ServerAnnouncement.Write($"{Description}; started again in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
