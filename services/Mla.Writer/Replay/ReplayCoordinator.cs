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

    public ReplayRun Start(ReplayRequest request)
    {
        var run = new ReplayRun(Guid.NewGuid().ToString("N")[..12], request, time.GetUtcNow());
        _runs[run.Id] = run;
        Forget();
        var job = new ReplayJob(run, options.Value, sinks.Definitions[request.Sink], deadLetters, deletedTenants, deletedTenantFilter, metrics, time, logger);
        // Its own thread, without the request's log scope and trace: the replay outlives the request.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Factory.StartNew(() => job.Run(lifetime.ApplicationStopping), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        return run;
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
