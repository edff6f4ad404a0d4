using Mla.Kubernetes.TestServer.Store;

namespace Mla.Kubernetes.TestServer.Workloads;

/// <summary>
/// Runs the simulated controllers (namespace finalization, workloads) of one server: woken by every store change and
/// every change of the simulation's settings, and when a workload's ready delay ends. Idle servers cost nothing,
/// so thousands of instances can run in one process.
/// </summary>
public sealed class ControllerLoop : IAsyncDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ObjectOperations _ops;
    private readonly WorkloadSimulation _simulation;
    private readonly WorkloadController _workloads;
    private readonly Task _loop;

    public ControllerLoop(ObjectOperations ops, WorkloadSimulation simulation, WorkloadController workloads)
    {
        _ops = ops;
        _simulation = simulation;
        _workloads = workloads;
        ops.Store.Changed += Wake;
        simulation.Changed += Wake;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The last failure of a pass (the loop keeps going), for diagnosis.</summary>
    public Exception? LastError { get; private set; }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled
            }
        }
    }

    private async Task RunAsync()
    {
        var wait = TimeSpan.Zero;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(wait, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            wait = Idle;
            try
            {
                _ops.ReconcileNamespaces();
                if (_workloads.Reconcile() is { } due)
                {
                    wait = due + TimeSpan.FromMilliseconds(5);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LastError = e;
                wait = TimeSpan.FromMilliseconds(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _ops.Store.Changed -= Wake;
        _simulation.Changed -= Wake;
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _wake.Dispose();
    }
}
