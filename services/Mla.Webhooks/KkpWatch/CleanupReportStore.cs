using System.Globalization;
using Mla.Storage;
using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.KkpWatch;

/// <summary>
/// Table <c>cluster_cleanups</c> in the catalog database (shared by the replicas): per cluster and reporting service,
/// when MLA was last switched on for the cluster (<c>armed_at_ms</c>) and when the service last reported the
/// cluster cleaned up (<c>cleaned_at_ms</c>). The barrier holds once every named service reported after it was armed.
/// </summary>
public sealed class CleanupReportStore([FromKeyedServices(CatalogOptions.SectionName)] SqlDatabase database)
{
    public async Task ArmAsync(string clusterId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var service in KkpWatchOptions.KnownCleanupReporters)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText =
                """
                INSERT INTO cluster_cleanups (cluster_id, service, armed_at_ms, cleaned_at_ms) VALUES (@cluster, @service, @at, NULL)
                ON CONFLICT (cluster_id, service) DO UPDATE SET armed_at_ms = excluded.armed_at_ms
                """;
            command.AddParameter("@cluster", clusterId);
            command.AddParameter("@service", service);
            command.AddParameter("@at", at.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task ReportCleanedAsync(string clusterId, string service, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO cluster_cleanups (cluster_id, service, armed_at_ms, cleaned_at_ms) VALUES (@cluster, @service, NULL, @at)
            ON CONFLICT (cluster_id, service) DO UPDATE SET cleaned_at_ms =
                CASE WHEN cluster_cleanups.cleaned_at_ms IS NULL OR cluster_cleanups.cleaned_at_ms < excluded.cleaned_at_ms
                     THEN excluded.cleaned_at_ms ELSE cluster_cleanups.cleaned_at_ms END
            """;
        command.AddParameter("@cluster", clusterId);
        command.AddParameter("@service", service);
        command.AddParameter("@at", at.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether every service in <paramref name="services"/> reported the cluster cleaned up since MLA was last switched on for it.</summary>
    public async Task<bool> IsCleanAsync(string clusterId, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        if (services.Count == 0)
        {
            return true;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT service, armed_at_ms, cleaned_at_ms FROM cluster_cleanups WHERE cluster_id = @cluster";
        command.AddParameter("@cluster", clusterId);
        var clean = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var armed = reader.IsDBNull(1) ? (long?)null : Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                var cleaned = reader.IsDBNull(2) ? (long?)null : Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
                if (cleaned is not null && (armed is null || cleaned >= armed))
                {
                    clean.Add(reader.GetString(0));
                }
            }
        }

        return services.All(clean.Contains);
    }
}
