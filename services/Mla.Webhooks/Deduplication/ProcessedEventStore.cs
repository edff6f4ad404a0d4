using System.Globalization;
using Microsoft.Extensions.Options;
using Mla.Storage;
using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.Deduplication;

/// <summary>
/// Remembers the ids of the events already handled, in the catalog database so that a restart does not forget them,
/// for <see cref="WebhooksOptions.DeduplicationWindow"/>; older ids are pruned.
/// </summary>
public sealed class ProcessedEventStore([FromKeyedServices(CatalogOptions.SectionName)] SqlDatabase database, IOptions<WebhooksOptions> options, TimeProvider time)
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);
    private long _lastPruneTicks;

    public async Task<bool> IsProcessedAsync(string eventId, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.DeduplicationWindow;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM processed_events WHERE event_id = @id AND received_at_ms >= @cutoff";
        command.AddParameter("@id", eventId);
        command.AddParameter("@cutoff", cutoff.ToUnixTimeMilliseconds());
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    public async Task MarkProcessedAsync(string eventId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                """
                INSERT INTO processed_events (event_id, received_at_ms) VALUES (@id, @now)
                ON CONFLICT (event_id) DO UPDATE SET received_at_ms = excluded.received_at_ms
                """;
            command.AddParameter("@id", eventId);
            command.AddParameter("@now", now.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var last = Interlocked.Read(ref _lastPruneTicks);
        if (now.UtcTicks - last >= PruneEvery.Ticks && Interlocked.CompareExchange(ref _lastPruneTicks, now.UtcTicks, last) == last)
        {
            await using var prune = connection.CreateCommand();
            prune.CommandText = "DELETE FROM processed_events WHERE received_at_ms < @cutoff";
            prune.AddParameter("@cutoff", (now - options.Value.DeduplicationWindow).ToUnixTimeMilliseconds());
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
