using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Mla.Hosting.Loops;

/// <summary>
/// Runs background loops and restarts one that fails (throws, or ends while the host is not stopping) after an
/// exponential back-off, counting restarts in <c>mla_loop_restarts_total{loop}</c>. The states feed <c>/readyz</c>
/// (every loop listed; one waiting to restart makes the service not ready) and <c>/healthz</c> (503 once a loop failed
/// <see cref="LoopOptions.FailuresBeforeUnhealthy"/> times in a row).
/// </summary>
public sealed partial class LoopSupervisor(IOptions<LoopOptions> options, IMetricFactory metrics, TimeProvider time, ILogger<LoopSupervisor> logger)
{
    private readonly ConcurrentDictionary<string, LoopState> _loops = new(StringComparer.Ordinal);
    private readonly Counter _restarts = metrics.CreateCounter("mla_loop_restarts_total", "Restarts of a background loop after it failed.", ["loop"]);
    private readonly Gauge _failing = metrics.CreateGauge("mla_loop_failures_in_a_row", "Failures in a row of a background loop (0 while it runs well).", ["loop"]);

    public LoopOptions Options => options.Value;

    public TimeProvider Time => time;

    public IReadOnlyCollection<LoopState> Loops => _loops.Values.OrderBy(l => l.Name, StringComparer.Ordinal).ToList();

    /// <summary>Makes a loop known (status Starting) before it runs, so readiness waits for it.</summary>
    public LoopState Register(string loop)
    {
        _restarts.WithLabels(loop).IncTo(0);
        return _loops.GetOrAdd(loop, name => new LoopState(name));
    }

    /// <summary>Runs <paramref name="body"/> until <paramref name="stopping"/> fires, restarting it after every failure.</summary>
    public async Task RunAsync(string loop, Func<CancellationToken, Task> body, CancellationToken stopping)
    {
        var state = Register(loop);
        while (!stopping.IsCancellationRequested)
        {
            state.Started(time.GetUtcNow());
            _failing.WithLabels(loop).Set(0);
            string error;
            try
            {
                await body(stopping);
                if (stopping.IsCancellationRequested)
                {
                    break;
                }

                state.Ended(LoopStatus.Completed);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
                LogFailed(logger, ex, loop);
            }

            var failures = state.Failed(error, time.GetUtcNow(), options.Value.HealthyAfter);
            _restarts.WithLabels(loop).Inc();
            _failing.WithLabels(loop).Set(failures);
            var backoff = Backoff(failures);
            LogRestarting(logger, loop, failures, backoff);
            try
            {
                await Task.Delay(backoff, time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        state.Ended(LoopStatus.Stopped);
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 20));
        var wait = TimeSpan.FromTicks((long)Math.Min(options.Value.InitialBackoff.Ticks * factor, options.Value.MaxBackoff.Ticks));
        return wait;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background loop {Loop} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string loop);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background loop {Loop} restarts in {Backoff} ({Failures} failures in a row)")]
    private static partial void LogRestarting(ILogger logger, string loop, int failures, TimeSpan backoff);
}
