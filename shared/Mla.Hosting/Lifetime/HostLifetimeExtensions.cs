using Microsoft.Extensions.Hosting;

namespace Mla.Hosting.Lifetime;

public static class HostLifetimeExtensions
{
    /// <summary>
    /// Completes once the host has started (Kestrel listens). Background services that call HTTP endpoints of the
    /// same process — in the composed host, the gateway and writer reading the tenant service — wait for it first.
    /// </summary>
    public static async Task WaitUntilStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(cancellationToken);
        }
    }
}
