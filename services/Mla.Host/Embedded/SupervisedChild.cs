using Mla.Hosting.Loops;

namespace Mla.Host.Embedded;

/// <summary>
/// A child process the embedded default keeps running as a supervised loop (<see cref="LoopSupervisor"/>): when it
/// dies (crash, OOM kill, SIGKILL), the loop fails with the exit reason, is logged, counted in
/// <c>mla_loop_restarts_total{loop}</c>, shown on <c>/readyz</c> as restarting (not ready) during the back-off, and
/// started again. Stopping the host stops the child (SIGTERM, SIGKILL after a grace period).
/// </summary>
internal static class SupervisedChild
{
    /// <summary>Runs the child until <paramref name="stopping"/> fires, restarting it with back-off whenever it exits.</summary>
    public static Task RunAsync(LoopSupervisor supervisor, string loop, Func<ManagedProcess> start, CancellationToken stopping) =>
        supervisor.RunAsync(loop, token => RunOnceAsync(start, token), stopping);

    /// <summary>
    /// One life of the child: start it, wait for its end. Returns when <paramref name="stopping"/> fires (the child is
    /// stopped); throws when the child exits on its own, so that the supervisor restarts it.
    /// </summary>
    public static async Task RunOnceAsync(Func<ManagedProcess> start, CancellationToken stopping)
    {
        var process = start();
        await using (process)
        {
            try
            {
                await process.WaitForExitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            throw new InvalidOperationException($"child process {process.Name} (pid {process.Id}) exited: {process.ExitDescription}");
        }
    }
}
