using Mla.Webhooks.Catalog;
using Mla.Webhooks.Deduplication;
using Mla.Webhooks.Ordering;
using Mla.Webhooks.Publishing;

namespace Mla.Webhooks.Intake;

/// <summary>
/// The one path of validated events, whatever brought them: the signed webhook (<see cref="KkpWebhookEndpoint"/>)
/// and the watch of a seed's KKP objects (<see cref="KkpWatch.SeedWatchLoop"/>) both hand their catalog entries here,
/// so both get the same catalog, the same ordering per object and the same de-duplication by event id. Under the object's lock (across replicas on PostgreSQL): claim the event id in the
/// catalog database (an id already handled is a duplicate), skip states older than the catalog's, publish with the
/// broker's confirm, and only then store the state and mark the id done. If the publish fails the claim is released
/// and nothing is stored, so the sender's retry goes through the same path again; nothing answered 202 is lost.
/// </summary>
public sealed class EventIntake(
    IFleetCatalog catalog,
    ProcessedEventStore processed,
    ConfirmedPublisher publisher,
    IObjectLocks locks,
    WebhookMetrics metrics,
    ILogger<EventIntake> logger)
{
    public async Task<IntakeResult> ProcessAsync(IReadOnlyList<CatalogEntry> entries, CancellationToken cancellationToken)
    {
        int accepted = 0, duplicates = 0, stale = 0;
        foreach (var entry in entries)
        {
            switch (await ProcessOneAsync(entry, cancellationToken))
            {
                case Outcome.Accepted: accepted++; break;
                case Outcome.Duplicate: duplicates++; break;
                case Outcome.Stale: stale++; break;
            }
        }

        return new IntakeResult(accepted, duplicates, stale);
    }

    private async Task<Outcome> ProcessOneAsync(CatalogEntry entry, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["EventId"] = entry.EventId,
            ["EventType"] = entry.KkpType,
            ["ObjectKey"] = entry.Key,
        });
        await using var held = await locks.AcquireAsync($"{entry.Kind}/{entry.Key}", cancellationToken);
        var claim = await processed.ClaimAsync(entry.EventId, cancellationToken);
        if (claim is null)
        {
            logger.LogInformation("Ignored {EventType} {EventId} for {Kind} {ObjectKey}: this event id was already handled", entry.KkpType, entry.EventId, entry.Kind, entry.Key);
            metrics.Events.WithLabels(entry.KkpType, "duplicate").Inc();
            return Outcome.Duplicate;
        }

        try
        {
            return await HandleClaimedAsync(entry, claim, cancellationToken);
        }
        catch
        {
            await processed.ReleaseAsync(claim);
            throw;
        }
    }

    private async Task<Outcome> HandleClaimedAsync(CatalogEntry entry, EventClaim claim, CancellationToken cancellationToken)
    {
        var current = await catalog.GetAsync(entry.Kind, entry.Key, cancellationToken);
        if (current is not null && current.Time > entry.Time)
        {
            logger.LogInformation(
                "Ignored {EventType} {EventId} for {Kind} {ObjectKey}: it happened at {EventTime:O}, the catalog already holds {CatalogTime:O}",
                entry.KkpType, entry.EventId, entry.Kind, entry.Key, entry.Time, current.Time);
            await processed.CompleteAsync(claim, cancellationToken);
            metrics.Events.WithLabels(entry.KkpType, "stale").Inc();
            return Outcome.Stale;
        }

        var enriched = entry.Seed is null && entry.ClusterId is not null && entry.Kind != ObjectKind.Cluster
            ? entry with { Seed = (await catalog.GetAsync(ObjectKind.Cluster, entry.ClusterId, cancellationToken))?.Seed }
            : entry;
        var message = IntegrationEventFactory.Create(enriched, enriched.EventId, enriched.Source, enriched.Seed);
        await publisher.PublishAsync(message, cancellationToken);
        // Published: from here on the outcome must be recorded even if the sender went away.
        await catalog.UpsertAsync(enriched, CancellationToken.None);
        await processed.CompleteAsync(claim, CancellationToken.None);
        metrics.Events.WithLabels(entry.KkpType, "accepted").Inc();
        logger.LogInformation(
            "Accepted {EventType} {EventId} for {Kind} {ObjectKey}; published {MessageType}",
            entry.KkpType, entry.EventId, entry.Kind, entry.Key, message.GetType().Name);
        return Outcome.Accepted;
    }

    private enum Outcome
    {
        Accepted,
        Duplicate,
        Stale,
    }
}
