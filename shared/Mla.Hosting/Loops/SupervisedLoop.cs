using Microsoft.Extensions.Hosting;

namespace Mla.Hosting.Loops;

/// <summary>
/// A background service whose loop the <see cref="LoopSupervisor"/> restarts when it fails. <see cref="RunAsync"/>
/// handles the errors it expects (a peer not answering) itself; anything it throws is a failure that restarts it.
/// Returning while the host is not stopping means the loop has nothing (more) to do.
/// </summary>
public abstract class SupervisedLoop : BackgroundService
{
    private readonly LoopSupervisor _supervisor;

    protected SupervisedLoop(string loopName, LoopSupervisor supervisor)
    {
        LoopName = loopName;
        _supervisor = supervisor;
        supervisor.Register(loopName);
    }

    public string LoopName { get; }

    protected abstract Task RunAsync(CancellationToken stoppingToken);

    protected sealed override Task ExecuteAsync(CancellationToken stoppingToken) => _supervisor.RunAsync(LoopName, RunAsync, stoppingToken);
}
