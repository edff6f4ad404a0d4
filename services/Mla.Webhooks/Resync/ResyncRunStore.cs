using System.Data.Common;
using System.Globalization;
using Mla.Storage;
using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.Resync;

/// <summary>
/// Resync runs in the catalog database (table <c>resync_runs</c>), so that every replica sees them. A start is one
/// transaction, serialised fleet-wide (PostgreSQL: a transaction advisory lock; SQLite: its write transaction): it
/// marks abandoned runs failed, counts the running ones against the bound and records the new run. A run whose
/// replica stopped reporting for <see cref="AbandonedAfter"/> counts as abandoned, so a dead replica does not block
/// resyncs for ever.
/// </summary>
public sealed class ResyncRunStore([FromKeyedServices(CatalogOptions.SectionName)] SqlDatabase database, TimeProvider time)
{
    /// <summary>How often a running resync writes its progress (and so shows it is alive).</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>A running resync without progress for this long is marked failed; its replica is gone.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    /// <summary>Finished runs beyond the newest ones are pruned at each start.</summary>
    public const int KeepRuns = 100;

    private const long StartLockKey = 0x4d4c41_0002; // "MLA" + 2 (the migrations use + 1)

    private const string Columns =
        "id, trigger_name, state, runner, total, published, started_at_ms, heartbeat_at_ms, finished_at_ms, error";

    /// <summary>
    /// Records a new running resync unless <paramref name="maxRunning"/> run already, or (when
    /// <paramref name="notIfStartedWithin"/> is given) one started within that time.
    /// </summary>
    public async Task<ResyncStartResult> TryStartAsync(
        string trigger, string runner, int maxRunning, TimeSpan? notIfStartedWithin, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({StartLockKey})", cancellationToken);
        }

        await FailAbandonedAsync(connection, transaction, now, cancellationToken);
        var result = await DecideAsync(connection, transaction, trigger, runner, maxRunning, notIfStartedWithin, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Writes the counters of a running resync; false when it is no longer running (marked abandoned meanwhile).</summary>
    public async Task<bool> ReportProgressAsync(string id, int total, int published, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "UPDATE resync_runs SET total = @total, published = @published, heartbeat_at_ms = @now WHERE id = @id AND state = 'Running'";
        command.AddParameter("@id", id);
        command.AddParameter("@total", total);
        command.AddParameter("@published", published);
        command.AddParameter("@now", time.GetUtcNow().ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task FinishAsync(string id, ResyncState state, int total, int published, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            UPDATE resync_runs SET state = @state, total = @total, published = @published, heartbeat_at_ms = @now,
                finished_at_ms = @now, error = @error
            WHERE id = @id
            """;
        command.AddParameter("@id", id);
        command.AddParameter("@state", state.ToString());
        command.AddParameter("@total", total);
        command.AddParameter("@published", published);
        command.AddParameter("@now", now);
        command.AddParameter("@error", error);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The run with this id (an abandoned one shown as failed), or null.</summary>
    public async Task<ResyncRun?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await FailAbandonedAsync(connection, null, time.GetUtcNow(), cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM resync_runs WHERE id = @id";
        command.AddParameter("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static async Task<ResyncStartResult> DecideAsync(
        DbConnection connection, DbTransaction transaction, string trigger, string runner, int maxRunning, TimeSpan? notIfStartedWithin,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var running = await QueryAsync(connection, transaction, "state = 'Running' ORDER BY started_at_ms", null, cancellationToken);
        var runningIds = running.Select(run => run.Id).ToList();
        if (running.Count >= maxRunning)
        {
            return new ResyncStartResult(ResyncStartOutcome.Busy, running[0], runningIds);
        }

        if (notIfStartedWithin is { } within)
        {
            var recent = await QueryAsync(
                connection, transaction, "started_at_ms >= @since ORDER BY started_at_ms DESC", (now - within).ToUnixTimeMilliseconds(), cancellationToken);
            if (recent.Count > 0)
            {
                return new ResyncStartResult(ResyncStartOutcome.RecentlyRan, recent[0], runningIds);
            }
        }

        var run = new ResyncRun(Guid.NewGuid().ToString("N")[..12], trigger, ResyncState.Running, runner, 0, 0, now, now, null, null);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText =
                $"""
                INSERT INTO resync_runs ({Columns})
                VALUES (@id, @trigger, 'Running', @runner, 0, 0, @now, @now, NULL, NULL)
                """;
            insert.AddParameter("@id", run.Id);
            insert.AddParameter("@trigger", trigger);
            insert.AddParameter("@runner", runner);
            insert.AddParameter("@now", now.ToUnixTimeMilliseconds());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(
            connection, transaction,
            $"DELETE FROM resync_runs WHERE state <> 'Running' AND id NOT IN (SELECT id FROM resync_runs ORDER BY started_at_ms DESC LIMIT {KeepRuns})",
            cancellationToken);
        return new ResyncStartResult(ResyncStartOutcome.Started, run, [.. runningIds, run.Id]);
    }

    private static async Task FailAbandonedAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            UPDATE resync_runs SET state = 'Failed', finished_at_ms = @now,
                error = 'abandoned: replica ' || runner || ' stopped reporting progress'
            WHERE state = 'Running' AND heartbeat_at_ms < @cutoff
            """;
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        command.AddParameter("@cutoff", (now - AbandonedAfter).ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<ResyncRun>> QueryAsync(
        DbConnection connection, DbTransaction transaction, string whereAndOrder, long? since, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM resync_runs WHERE {whereAndOrder}";
        if (since is not null)
        {
            command.AddParameter("@since", since);
        }

        var runs = new List<ResyncRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(Read(reader));
        }

        return runs;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static ResyncRun Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Enum.Parse<ResyncState>(reader.GetString(2)),
        reader.GetString(3),
        Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture),
        Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
        reader.GetTime(6),
        reader.GetTime(7),
        reader.GetTimeOrNull(8),
        reader.IsDBNull(9) ? null : reader.GetString(9));
}
