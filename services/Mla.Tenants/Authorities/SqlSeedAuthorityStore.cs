using System.Data.Common;
using Mla.Storage;

namespace Mla.Tenants.Authorities;

/// <summary>The seed CAs and rotations in SQL that SQLite and PostgreSQL both run unchanged.</summary>
internal sealed class SqlSeedAuthorityStore([FromKeyedServices(TenantsOptions.SectionName)] SqlDatabase database) : ISeedAuthorityStore
{
    private const string AuthorityColumns = "seed, generation, certificate_pem, encrypted_key, state, created_at_ms, retired_at_ms";
    private const string RotationColumns =
        "id, seed, from_generation, to_generation, state, tenants_total, tenants_reissued, started_at_ms, updated_at_ms, drain_after_ms, finished_at_ms";

    /// <summary>The newest rotations a listing shows per call.</summary>
    private const int RotationListLimit = 50;

    public async Task<IReadOnlyList<AuthorityRecord>> ListAsync(string? seed, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AuthorityColumns} FROM seed_cas {(seed is null ? string.Empty : "WHERE seed = @seed")} ORDER BY seed, generation DESC";
        if (seed is not null)
        {
            command.AddParameter("@seed", seed);
        }

        var authorities = new List<AuthorityRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            authorities.Add(new AuthorityRecord(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.GetString(2),
                reader.GetString(3),
                Enum.Parse<AuthorityState>(reader.GetString(4)),
                reader.GetTime(5),
                reader.GetTimeOrNull(6)));
        }

        return authorities;
    }

    public async Task<bool> AddAsync(AuthorityRecord authority, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO seed_cas ({AuthorityColumns}) VALUES (@seed, @generation, @pem, @key, @state, @created, @retired)
            ON CONFLICT (seed, generation) DO NOTHING
            """;
        command.AddParameter("@seed", authority.Seed);
        command.AddParameter("@generation", authority.Generation);
        command.AddParameter("@pem", authority.CertificatePem);
        command.AddParameter("@key", authority.EncryptedKey);
        command.AddParameter("@state", authority.State.ToString());
        command.AddParameter("@created", authority.CreatedAt.ToUnixTimeMilliseconds());
        command.AddParameter("@retired", authority.RetiredAt?.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> SetStateAsync(string seed, int generation, AuthorityState state, DateTimeOffset? retiredAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE seed_cas SET state = @state, retired_at_ms = @retired WHERE seed = @seed AND generation = @generation AND state <> @state";
        command.AddParameter("@seed", seed);
        command.AddParameter("@generation", generation);
        command.AddParameter("@state", state.ToString());
        command.AddParameter("@retired", retiredAt?.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> TryAddRotationAsync(CaRotationRecord rotation, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The unique index on running rotations (finished_at_ms IS NULL) refuses a second one of the seed.
        command.CommandText = $"""
            INSERT INTO seed_ca_rotations ({RotationColumns})
            VALUES (@id, @seed, @from, @to, @state, @total, @reissued, @started, @updated, @drain, @finished)
            ON CONFLICT DO NOTHING
            """;
        AddRotationParameters(command, rotation);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<CaRotationRecord?> GetRotationAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RotationColumns} FROM seed_ca_rotations WHERE id = @id";
        command.AddParameter("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRotation(reader) : null;
    }

    public async Task<IReadOnlyList<CaRotationRecord>> ListRotationsAsync(string? seed, bool runningOnly, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var conditions = new List<string> { "1 = 1" };
        if (seed is not null)
        {
            conditions.Add("seed = @seed");
            command.AddParameter("@seed", seed);
        }

        if (runningOnly)
        {
            conditions.Add("finished_at_ms IS NULL");
        }

        command.CommandText =
            $"SELECT {RotationColumns} FROM seed_ca_rotations WHERE {string.Join(" AND ", conditions)} ORDER BY started_at_ms DESC, id LIMIT {RotationListLimit}";
        var rotations = new List<CaRotationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rotations.Add(ReadRotation(reader));
        }

        return rotations;
    }

    public async Task<bool> SaveRotationAsync(CaRotationRecord rotation, DateTimeOffset expectedUpdatedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE seed_ca_rotations SET state = @state, tenants_total = @total, tenants_reissued = @reissued,
                updated_at_ms = @updated, drain_after_ms = @drain, finished_at_ms = @finished
            WHERE id = @id AND updated_at_ms = @expected AND finished_at_ms IS NULL
            """;
        AddRotationParameters(command, rotation);
        command.AddParameter("@expected", expectedUpdatedAt.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static void AddRotationParameters(DbCommand command, CaRotationRecord rotation)
    {
        command.AddParameter("@id", rotation.Id);
        command.AddParameter("@seed", rotation.Seed);
        command.AddParameter("@from", rotation.FromGeneration);
        command.AddParameter("@to", rotation.ToGeneration);
        command.AddParameter("@state", rotation.State.ToString());
        command.AddParameter("@total", rotation.TenantsTotal);
        command.AddParameter("@reissued", rotation.TenantsReissued);
        command.AddParameter("@started", rotation.StartedAt.ToUnixTimeMilliseconds());
        command.AddParameter("@updated", rotation.UpdatedAt.ToUnixTimeMilliseconds());
        command.AddParameter("@drain", rotation.DrainAfter?.ToUnixTimeMilliseconds());
        command.AddParameter("@finished", rotation.FinishedAt?.ToUnixTimeMilliseconds());
    }

    private static CaRotationRecord ReadRotation(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.GetInt32(3),
        Enum.Parse<CaRotationState>(reader.GetString(4)),
        reader.GetInt32(5),
        reader.GetInt32(6),
        reader.GetTime(7),
        reader.GetTime(8),
        reader.GetTimeOrNull(9),
        reader.GetTimeOrNull(10));
}
