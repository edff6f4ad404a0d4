using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mla.Writer.Configuration;
using Mla.Writer.Consuming;
using Mla.Writer.Delivery;
using Mla.Writer.Metrics;
using Mla.Writer.Tenants;

namespace Mla.Writer.Replay;

/// <summary>Starts replays on their own long-running threads and keeps them for <c>GET /api/v1/replay/{id}</c>.</summary>
public sealed class ReplayCoordinator(
    IOptions<WriterOptions> options,
    WriterSinks sinks,
    IDeadLetterWriter deadLetters,
    DeletedTenants deletedTenants,
    DeletedTenantFilter deletedTenantFilter,
    WriterMetrics metrics,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ReplayCoordinator> logger)
{
    private readonly ConcurrentDictionary<string, ReplayRun> _runs = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, SinkDefinition> Sinks => sinks.Definitions;

    /// <summary>Starts a replay unless one of the tenant is running or <c>Replay:MaxRunning</c> are.</summary>
    public ReplayStart Start(ReplayRequest request)
    {
        ReplayRun run;
        lock (_runs)
        {
            var running = _runs.Values.Where(r => r.State == ReplayState.Running).ToList();
            if (running.FirstOrDefault(r => r.Request.Tenant == request.Tenant) is { } busy)
            {
                return new ReplayStart(ReplayStartOutcome.TenantBusy, busy, $"a replay of tenant '{request.Tenant}' is running: {busy.Id}; one replay per tenant at a time");
            }

            var max = options.Value.Replay.MaxRunning;
            if (running.Count >= max)
            {
                return new ReplayStart(
                    ReplayStartOutcome.TooMany,
                    null,
                    $"{running.Count} replays are running, the most at once (Mla:Writer:Replay:MaxRunning = {max}); try again once one has finished");
            }

            run = new ReplayRun(Guid.NewGuid().ToString("N")[..12], request, time.GetUtcNow());
            _runs[run.Id] = run;
        }

        Forget();
        var job = new ReplayJob(run, options.Value, sinks.Definitions[request.Sink], deadLetters, deletedTenants, deletedTenantFilter, metrics, time, logger);
        // Its own thread, without the request's log scope and trace: the replay outlives the request.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Factory.StartNew(() => job.Run(lifetime.ApplicationStopping), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        return new ReplayStart(ReplayStartOutcome.Started, run, string.Empty);
    }

    public ReplayRun? Find(string id) => _runs.GetValueOrDefault(id);

    private void Forget()
    {
        foreach (var old in _runs.Values.Where(r => r.State != ReplayState.Running).OrderByDescending(r => r.StartedAt).Skip(options.Value.Replay.KeepFinished))
        {
            _runs.TryRemove(old.Id, out _);
        }
    }
}
