using Mla.Contracts.Fleet;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.Intake;
using Mla.Webhooks.Publishing;

namespace Mla.Webhooks.Resync;

/// <summary>
/// Re-publishes the whole desired state of the fleet: one event per catalog object (deleted objects as their
/// deletion event), framed by <see cref="FleetSnapshotStarted"/> and <see cref="FleetSnapshotCompleted"/>.
/// </summary>
public sealed class FleetResync(
    IFleetCatalog catalog,
    ConfirmedPublisher publisher,
    WebhookMetrics metrics,
    TimeProvider time,
    ILogger<FleetResync> logger)
{
    public async Task RunAsync(ResyncProgress run, CancellationToken cancellationToken)
    {
        var source = $"urn:mla:resync:{run.Id}";
        var total = await catalog.CountAsync(cancellationToken);
        run.SetTotal(total);
        logger.LogInformation("Resync {SnapshotId} ({Trigger}) started: {Total} catalog objects to re-publish", run.Id, run.Trigger, total);
        await publisher.PublishAsync(new FleetSnapshotStarted(Guid.NewGuid().ToString(), source, time.GetUtcNow(), run.Id, total), cancellationToken);

        var seeds = (await catalog.ListAsync(new CatalogQuery(ObjectKind.Cluster, IncludeDeleted: true), cancellationToken))
            .Where(cluster => cluster.Seed is not null)
            .ToDictionary(cluster => cluster.Key, cluster => cluster.Seed, StringComparer.Ordinal);
        var reportEvery = Math.Max(100, total / 10);
        await foreach (var entry in catalog.StreamAllAsync(cancellationToken))
        {
            var seed = entry.Seed ?? (entry.ClusterId is not null ? seeds.GetValueOrDefault(entry.ClusterId) : null);
            var message = IntegrationEventFactory.Create(entry, Guid.NewGuid().ToString(), source, seed);
            await publisher.PublishAsync(message, cancellationToken);
            run.CountPublished();
            metrics.ResyncPublished.Inc();
            if (run.Published % reportEvery == 0)
            {
                logger.LogInformation("Resync {SnapshotId}: {Published}/{Total} re-published", run.Id, run.Published, total);
            }
        }

        await publisher.PublishAsync(
            new FleetSnapshotCompleted(Guid.NewGuid().ToString(), source, time.GetUtcNow(), run.Id, run.Published),
            cancellationToken);
        logger.LogInformation(
            "Resync {SnapshotId} completed: {Published} events re-published in {Elapsed:0.0} s",
            run.Id, run.Published, (time.GetUtcNow() - run.StartedAt).TotalSeconds);
    }
}
