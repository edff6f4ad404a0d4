using System.Globalization;
using Microsoft.Extensions.Options;
using Mla.Storage;
using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.Deduplication;

/// <summary>
/// Decides in the catalog database, by the primary key of <c>processed_events</c>, which request handles an event
/// id, so that it holds across replicas and restarts. An id is first claimed (<c>pending</c>, with a token and a
/// lease), then marked <c>done</c> once its event was published (or found stale), or released when the publish
/// failed so that the sender's retry can claim it again. A request that finds the id pending waits for the
/// outcome instead of answering "duplicate" for an event that may yet fail; a claim whose lease ran out (its
/// replica died mid-way) is taken over. Ids are remembered for <see cref="WebhooksOptions.DeduplicationWindow"/>;
/// older ids are pruned.
/// </summary>
public sealed class ProcessedEventStore(
    [FromKeyedServices(CatalogOptions.SectionName)] SqlDatabase database,
    IOptions<WebhooksOptions> options,
    TimeProvider time,
    ILogger<ProcessedEventStore> logger)
{
    /// <summary>How often a request that found its id pending looks again.</summary>
    public static readonly TimeSpan PendingPollInterval = TimeSpan.FromMilliseconds(100);

    private const string Done = "done";
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);
    private long _lastPruneTicks;

    /// <summary>Longer than any handling of one event: the publish timeout plus room for the catalog's reads and writes.</summary>
    public TimeSpan Lease => options.Value.PublishTimeout + TimeSpan.FromSeconds(30);

    /// <summary>Claims the id for this request; null when it was already handled within the window.</summary>
    public async Task<EventClaim?> ClaimAsync(string eventId, CancellationToken cancellationToken)
    {
        var claim = new EventClaim(eventId, Guid.NewGuid().ToString("N"));
        var waitLogged = false;
        while (true)
        {
            if (await TryInsertClaimAsync(claim, cancellationToken))
            {
                return claim;
            }

            var state = await ReadStateAsync(eventId, cancellationToken);
            if (state == Done)
            {
                return null;
            }

            if (state is null)
            {
                continue; // released between the two statements: claim it now
            }

            // Pending in another request, here or on another replica: wait for its outcome. Its lease bounds the wait.
            if (!waitLogged)
            {
                logger.LogDebug("Event {EventId} is being handled by another request; waiting for its outcome", eventId);
                waitLogged = true;
            }

            await Task.Delay(PendingPollInterval, time, cancellationToken);
        }
    }

    /// <summary>The event was published (or found stale): a later copy of the id is a duplicate.</summary>
    public async Task CompleteAsync(EventClaim claim, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                """
                UPDATE processed_events SET state = 'done', claim_token = NULL, lease_until_ms = NULL, received_at_ms = @now
                WHERE event_id = @id AND claim_token = @token
                """;
            command.AddParameter("@id", claim.EventId);
            command.AddParameter("@token", claim.Token);
            command.AddParameter("@now", now.ToUnixTimeMilliseconds());
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                logger.LogWarning(
                    "Event {EventId} took longer than its claim's lease of {Lease} and was taken over by another request; it may have been published twice",
                    claim.EventId, Lease);
            }
        }

        var last = Interlocked.Read(ref _lastPruneTicks);
        if (now.UtcTicks - last >= PruneEvery.Ticks && Interlocked.CompareExchange(ref _lastPruneTicks, now.UtcTicks, last) == last)
        {
            await using var prune = connection.CreateCommand();
            prune.CommandText = "DELETE FROM processed_events WHERE received_at_ms < @cutoff AND (state = 'done' OR lease_until_ms < @now)";
            prune.AddParameter("@cutoff", (now - options.Value.DeduplicationWindow).ToUnixTimeMilliseconds());
            prune.AddParameter("@now", now.ToUnixTimeMilliseconds());
            var pruned = await prune.ExecuteNonQueryAsync(cancellationToken);
            logger.LogDebug("Pruned {Pruned} event ids older than {Window}", pruned, options.Value.DeduplicationWindow);
        }
    }

    /// <summary>The event was not published: forget the claim so that the sender's retry handles it.</summary>
    public async Task ReleaseAsync(EventClaim claim)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM processed_events WHERE event_id = @id AND claim_token = @token";
        command.AddParameter("@id", claim.EventId);
        command.AddParameter("@token", claim.Token);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>
    /// One statement: a new id, an id remembered longer than the window, or a pending id whose lease ran out becomes
    /// ours; anything else stays as it is (0 rows). The primary key makes concurrent claims of one id exclusive.
    /// </summary>
    private async Task<bool> TryInsertClaimAsync(EventClaim claim, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO processed_events (event_id, received_at_ms, state, claim_token, lease_until_ms)
            VALUES (@id, @now, 'pending', @token, @leaseUntil)
            ON CONFLICT (event_id) DO UPDATE SET
                received_at_ms = excluded.received_at_ms, state = excluded.state,
                claim_token = excluded.claim_token, lease_until_ms = excluded.lease_until_ms
            WHERE (processed_events.state = 'done' AND processed_events.received_at_ms < @cutoff)
               OR (processed_events.state = 'pending' AND processed_events.lease_until_ms < @now)
            """;
        command.AddParameter("@id", claim.EventId);
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        command.AddParameter("@token", claim.Token);
        command.AddParameter("@leaseUntil", (now + Lease).ToUnixTimeMilliseconds());
        command.AddParameter("@cutoff", (now - options.Value.DeduplicationWindow).ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<string?> ReadStateAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM processed_events WHERE event_id = @id";
        command.AddParameter("@id", eventId);
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) is { Length: > 0 } state
            ? state
            : null;
    }
}
