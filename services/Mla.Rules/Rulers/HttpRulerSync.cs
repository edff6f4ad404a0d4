using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mla.Contracts.Rules;
using Mla.Rules.Groups;
using Mla.Rules.Status;
using Mla.Rules.Sync;

namespace Mla.Rules.Rulers;

/// <summary>
/// Syncs rule groups into a Mimir, Cortex or Loki ruler, as KKP does: per tenant, list MLA's namespace, GET each
/// desired group, compare by meaning, POST only on a difference, DELETE what is no longer desired (and GET again to
/// check it is gone). At most <see cref="RulesOptions.Concurrency"/> tenants at a time. A 400 makes the group
/// Invalid with the ruler's reason; any other error makes the tenant's groups Failed and the pass retried.
/// </summary>
internal sealed partial class HttpRulerSync(IHttpClientFactory http, IOptions<RulesOptions> options, RulesMetrics metrics, TimeProvider time, ILogger<HttpRulerSync> logger)
{
    public const string HttpClientName = "ruler";

    /// <summary>Returns every group's status and whether every tenant succeeded.</summary>
    public async Task<(IReadOnlyDictionary<StatusKey, SyncStatus> Statuses, bool Success)> SyncAsync(
        RulerOptions ruler, IReadOnlyList<RulerWork> work, CancellationToken cancellationToken)
    {
        var client = new RulerClient(http.CreateClient(HttpClientName), ruler);
        var backend = ruler.Kind.ToString().ToLowerInvariant();
        var statuses = new ConcurrentDictionary<StatusKey, SyncStatus>();
        var success = true;
        await Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                try
                {
                    await SyncTenantAsync(client, backend, item, statuses, token);
                }
                catch (HttpRequestException e)
                {
                    success = false;
                    LogTenantFailed(backend, item.ClusterId, e.Message);
                    foreach (var group in item.Groups)
                    {
                        var key = StatusKey.Group(item.ClusterId, group.Id);
                        if (!statuses.TryGetValue(key, out var done) || done.State != RuleGroupSyncStatus.Invalid)
                        {
                            statuses[key] = new SyncStatus(RuleGroupSyncStatus.Failed, $"{backend} ruler: {e.Message}", time.GetUtcNow());
                        }
                    }
                }
                catch (TaskCanceledException e) when (!token.IsCancellationRequested)
                {
                    success = false;
                    foreach (var group in item.Groups)
                    {
                        statuses[StatusKey.Group(item.ClusterId, group.Id)] = new SyncStatus(RuleGroupSyncStatus.Failed, $"{backend} ruler: timed out ({e.Message})", time.GetUtcNow());
                    }
                }
            });
        return (statuses, success);
    }

    private async Task SyncTenantAsync(RulerClient client, string backend, RulerWork item, ConcurrentDictionary<StatusKey, SyncStatus> statuses, CancellationToken token)
    {
        var tenant = item.ClusterId;
        var held = (await client.ListGroupsAsync(tenant, token)).ToHashSet(StringComparer.Ordinal);
        var desired = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in item.Active ? item.Groups : [])
        {
            var key = StatusKey.Group(tenant, group.Id);
            desired.Add(group.Id);
            var (definition, error) = RuleGroupParser.Parse(group.Id, group.Yaml);
            if (definition is null)
            {
                statuses[key] = new SyncStatus(RuleGroupSyncStatus.Invalid, error, time.GetUtcNow());
                continue;
            }

            var current = held.Contains(group.Id) ? await client.GetGroupAsync(tenant, group.Id, token) : null;
            if (!YamlComparison.SameContent(current, group.Yaml))
            {
                try
                {
                    await client.PostGroupAsync(tenant, group.Yaml, token);
                }
                catch (RulerRejectedException e)
                {
                    statuses[key] = new SyncStatus(RuleGroupSyncStatus.Invalid, e.Message, time.GetUtcNow());
                    continue;
                }

                metrics.Writes.WithLabels(backend).Inc();
                LogWritten(backend, tenant, group.Id);
            }

            statuses[key] = new SyncStatus(RuleGroupSyncStatus.Synced, null, time.GetUtcNow());
        }

        foreach (var name in held.Where(n => !desired.Contains(n)))
        {
            await client.DeleteGroupAsync(tenant, name, token);
            if (await client.GetGroupAsync(tenant, name, token) is not null)
            {
                throw new HttpRequestException($"rule group '{name}' is still there after DELETE");
            }

            metrics.Deletes.WithLabels(backend).Inc();
            LogDeleted(backend, tenant, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Backend} ruler: rule group {Group} of cluster {Cluster} written")]
    private partial void LogWritten(string backend, string cluster, string group);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Backend} ruler: rule group {Group} of cluster {Cluster} deleted")]
    private partial void LogDeleted(string backend, string cluster, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Backend} ruler: cluster {Cluster} failed: {Reason}")]
    private partial void LogTenantFailed(string backend, string cluster, string reason);
}
