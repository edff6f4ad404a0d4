using Mla.Storage;
using Mla.Tenants.Store;

namespace Mla.Tenants.Credentials;

/// <summary>
/// Each seed's admin read token: it reads every tenant of its seed through the gateway's read path (the Grafana admin
/// org's datasources use it). Stored like the tenants' tokens: the SHA-256 for gateways, the token sealed.
/// </summary>
public sealed class SeedReadTokens([FromKeyedServices(TenantsOptions.SectionName)] SqlDatabase database, TenantTokens tokens)
{
    public static string Context(string seed) => $"seed-read-token:{seed}";

    /// <summary>The seed's admin read token (the token itself), created when it has none.</summary>
    public async Task<string> EnsureAsync(string seed, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(seed, cancellationToken);
        if (existing is null)
        {
            var record = tokens.Seal(seed, TenantTokens.NewReadToken(), Context(seed));
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO seed_read_tokens (seed, token_sha256, encrypted_token, issued_at_ms) VALUES (@seed, @sha, @token, @t)
                ON CONFLICT (seed) DO NOTHING
                """;
            command.AddParameter("@seed", seed);
            command.AddParameter("@sha", record.Sha256);
            command.AddParameter("@token", record.EncryptedToken);
            command.AddParameter("@t", record.IssuedAt.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
            existing = await GetAsync(seed, cancellationToken) ?? record;
        }

        return tokens.Open(existing.EncryptedToken, Context(seed));
    }

    /// <summary>Every seed's admin read token record (<see cref="TokenRecord.TenantId"/> is the seed), by seed.</summary>
    public async Task<IReadOnlyList<TokenRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seed, token_sha256, encrypted_token, issued_at_ms FROM seed_read_tokens ORDER BY seed";
        var records = new List<TokenRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new TokenRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetTime(3)));
        }

        return records;
    }

    private async Task<TokenRecord?> GetAsync(string seed, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seed, token_sha256, encrypted_token, issued_at_ms FROM seed_read_tokens WHERE seed = @seed";
        command.AddParameter("@seed", seed);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TokenRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetTime(3))
            : null;
    }
}
