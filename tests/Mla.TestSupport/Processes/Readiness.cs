using System.Diagnostics;

namespace Mla.TestSupport.Processes;

/// <summary>Polls a readiness check until it passes, the server process dies, or the deadline passes.</summary>
public static class Readiness
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <param name="what">Names the server in the error message ("RabbitMQ on 127.0.0.1:5672").</param>
    /// <param name="isReady">The check; an exception counts as "not yet".</param>
    /// <param name="timeout">The deadline.</param>
    /// <param name="process">The server's process, when it is a child: its death ends the wait at once.</param>
    /// <param name="diagnostics">The log tail(s) for the error message.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task WaitAsync(
        string what,
        Func<CancellationToken, Task<bool>> isReady,
        TimeSpan timeout,
        ChildProcess? process,
        Func<string> diagnostics,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        Exception? lastError = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process is { HasExited: true })
            {
                await process.DrainOutputAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                throw new ServerStartException(
                    $"{what}: the process {process.Id} exited with code {process.ExitCode} before it was ready.\n{diagnostics()}");
            }

            try
            {
                if (await isReady(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lastError = e;
            }

            if (clock.Elapsed > timeout)
            {
                var last = lastError is null ? string.Empty : $" Last check error: {lastError.GetType().Name}: {lastError.Message}";
                throw new ServerStartException($"{what}: not ready after {timeout.TotalSeconds:0} s.{last}\n{diagnostics()}");
            }

            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
