using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Mla.Storage;

namespace Mla.Webhooks.Catalog;

/// <summary>The fleet catalog in SQL that both SQLite and PostgreSQL run unchanged.</summary>
internal sealed class SqlFleetCatalog([FromKeyedServices(CatalogOptions.SectionName)] SqlDatabase database) : IFleetCatalog
{
    private const string Columns =
        "kind, object_key, kkp_type, event_id, source, event_time_ms, deleted, seed, project_id, cluster_id, state_json";

    public async Task<CatalogEntry?> GetAsync(ObjectKind kind, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM catalog_objects WHERE kind = @kind AND object_key = @key";
        command.AddParameter("@kind", KindName(kind));
        command.AddParameter("@key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<bool> UpsertAsync(CatalogEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The WHERE of the update keeps a newer state: an event older than what is stored changes nothing.
        command.CommandText =
            $"""
            INSERT INTO catalog_objects ({Columns}, updated_at_ms)
            VALUES (@kind, @key, @type, @eventId, @source, @time, @deleted, @seed, @projectId, @clusterId, @state, @now)
            ON CONFLICT (kind, object_key) DO UPDATE SET
                kkp_type = excluded.kkp_type, event_id = excluded.event_id, source = excluded.source,
                event_time_ms = excluded.event_time_ms, deleted = excluded.deleted, seed = excluded.seed,
                project_id = excluded.project_id, cluster_id = excluded.cluster_id, state_json = excluded.state_json,
                updated_at_ms = excluded.updated_at_ms
            WHERE catalog_objects.event_time_ms <= excluded.event_time_ms
            """;
        command.AddParameter("@kind", KindName(entry.Kind));
        command.AddParameter("@key", entry.Key);
        command.AddParameter("@type", entry.KkpType);
        command.AddParameter("@eventId", entry.EventId);
        command.AddParameter("@source", entry.Source);
        command.AddParameter("@time", entry.Time.ToUnixTimeMilliseconds());
        command.AddParameter("@deleted", entry.Deleted ? 1 : 0);
        command.AddParameter("@seed", entry.Seed);
        command.AddParameter("@projectId", entry.ProjectId);
        command.AddParameter("@clusterId", entry.ClusterId);
        command.AddParameter("@state", entry.StateJson);
        command.AddParameter("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<CatalogEntry>> ListAsync(CatalogQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = $"SELECT {Columns} FROM catalog_objects WHERE kind = @kind";
        command.AddParameter("@kind", KindName(query.Kind));
        if (!query.IncludeDeleted)
        {
            sql += " AND deleted = 0";
        }

        if (query.Seed is not null)
        {
            sql += " AND seed = @seed";
            command.AddParameter("@seed", query.Seed);
        }

        if (query.ProjectId is not null)
        {
            sql += " AND project_id = @projectId";
            command.AddParameter("@projectId", query.ProjectId);
        }

        command.CommandText = sql + " ORDER BY object_key";
        var entries = new List<CatalogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM catalog_objects";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async IAsyncEnumerable<CatalogEntry> StreamAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM catalog_objects ORDER BY kind, object_key";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    private static string KindName(ObjectKind kind) => kind switch
    {
        ObjectKind.Cluster => "cluster",
        ObjectKind.Project => "project",
        ObjectKind.RuleGroup => "rulegroup",
        ObjectKind.AlertmanagerConfig => "alertmanager",
        ObjectKind.MlaSettings => "settings",
        ObjectKind.User => "user",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown object kind"),
    };

    private static ObjectKind ParseKind(string name) => name switch
    {
        "cluster" => ObjectKind.Cluster,
        "project" => ObjectKind.Project,
        "rulegroup" => ObjectKind.RuleGroup,
        "alertmanager" => ObjectKind.AlertmanagerConfig,
        "settings" => ObjectKind.MlaSettings,
        "user" => ObjectKind.User,
        _ => throw new InvalidDataException($"catalog holds an unknown kind '{name}'"),
    };

    private static CatalogEntry Read(DbDataReader reader) => new(
        ParseKind(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture)),
        Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture) != 0,
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.GetString(10));
}
