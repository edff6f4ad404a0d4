using Mla.Kubernetes.TestServer.Store;

namespace Mla.Kubernetes.TestServer.Workloads;

/// <summary>
/// Runs the simulated controllers (namespace finalization, workloads) of one server: woken by every store change,
/// and at least every 50 ms so that ready delays pass.
/// </summary>
public sealed class ControllerLoop : IAsyncDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ObjectOperations _ops;
    private readonly WorkloadController _workloads;
    private readonly Task _loop;

    public ControllerLoop(ObjectOperations ops, WorkloadController workloads)
    {
        _ops = ops;
        _workloads = workloads;
        ops.Store.Changed += Wake;
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
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(50), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                _ops.ReconcileNamespaces();
                _workloads.Reconcile();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LastError = e;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _ops.Store.Changed -= Wake;
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _wake.Dispose();
    }
}
