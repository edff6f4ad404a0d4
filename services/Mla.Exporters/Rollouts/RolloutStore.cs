using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mla.Storage;

namespace Mla.Exporters.Rollouts;

/// <summary>
/// Rollouts in the service's SQL database (table <c>agent_rollouts</c>): one JSON document per rollout and a row
/// version. A start is one transaction that refuses a second active rollout of the same component (PostgreSQL: a
/// transaction advisory lock; SQLite: its write transaction); every later change is written only over the version it
/// read, so replicas (and the API beside the loop) never overwrite each other's steps.
/// </summary>
public sealed class RolloutStore([FromKeyedServices(RolloutOptions.SectionName)] SqlDatabase database, ILogger<RolloutStore> logger)
{
    private const long StartLockKey = 0x4d4c41_0010; // "MLA" + 16

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Task MigrateAsync(CancellationToken cancellationToken) =>
        SqlMigrator.MigrateAsync(database, RolloutMigrations.Store, RolloutMigrations.Steps, logger, cancellationToken);

    /// <summary>Records a new rollout unless one of the same component is Running or Paused; returns that one then.</summary>
    public async Task<AgentRollout?> TryCreateAsync(AgentRollout rollout, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await using var lockCommand = connection.CreateCommand();
            lockCommand.Transaction = transaction;
            lockCommand.CommandText = $"SELECT pg_advisory_xact_lock({StartLockKey})";
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var active = await QueryAsync(connection, transaction, "component = @component AND state IN ('Running', 'Paused')", ("@component", rollout.Component), cancellationToken);
        if (active.Count > 0)
        {
            return active[0];
        }

        rollout.Version = 1;
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText =
                """
                INSERT INTO agent_rollouts (id, component, state, created_at_ms, updated_at_ms, version, document)
                VALUES (@id, @component, @state, @created, @updated, 1, @document)
                """;
            insert.AddParameter("@id", rollout.Id);
            insert.AddParameter("@component", rollout.Component);
            insert.AddParameter("@state", rollout.State.ToString());
            insert.AddParameter("@created", rollout.CreatedAt.ToUnixTimeMilliseconds());
            insert.AddParameter("@updated", rollout.UpdatedAt.ToUnixTimeMilliseconds());
            insert.AddParameter("@document", JsonSerializer.Serialize(rollout, Json));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Writes a changed rollout over the version it was read at; false when someone else wrote it meanwhile (read it again).</summary>
    public async Task<bool> TrySaveAsync(AgentRollout rollout, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            UPDATE agent_rollouts SET state = @state, updated_at_ms = @updated, version = version + 1, document = @document
            WHERE id = @id AND version = @version
            """;
        command.AddParameter("@id", rollout.Id);
        command.AddParameter("@state", rollout.State.ToString());
        command.AddParameter("@updated", rollout.UpdatedAt.ToUnixTimeMilliseconds());
        command.AddParameter("@version", rollout.Version);
        command.AddParameter("@document", JsonSerializer.Serialize(rollout, Json));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        rollout.Version++;
        return true;
    }

    /// <summary>Deletes the finished rollouts (Completed, Halted, Aborted) last changed before <paramref name="cutoff"/>; never an active one. Returns how many.</summary>
    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM agent_rollouts WHERE state IN (@completed, @halted, @aborted) AND updated_at_ms < @cutoff";
        command.AddParameter("@completed", nameof(RolloutState.Completed));
        command.AddParameter("@halted", nameof(RolloutState.Halted));
        command.AddParameter("@aborted", nameof(RolloutState.Aborted));
        command.AddParameter("@cutoff", cutoff.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every stored rollout, oldest first.</summary>
    public async Task<IReadOnlyList<AgentRollout>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, "1 = 1", null, cancellationToken);
    }

    public async Task<AgentRollout?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var found = await QueryAsync(connection, null, "id = @id", ("@id", id), cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    private static async Task<List<AgentRollout>> QueryAsync(
        DbConnection connection, DbTransaction? transaction, string where, (string Name, object Value)? parameter, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT version, document FROM agent_rollouts WHERE {where} ORDER BY created_at_ms, id";
        if (parameter is { } p)
        {
            command.AddParameter(p.Name, p.Value);
        }

        var rollouts = new List<AgentRollout>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var rollout = JsonSerializer.Deserialize<AgentRollout>(reader.GetString(1), Json)
                ?? throw new InvalidOperationException("a stored rollout document is empty");
            rollout.Version = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            rollouts.Add(rollout);
        }

        return rollouts;
    }
}
