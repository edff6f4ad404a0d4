using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mla.Contracts.Rules;
using Mla.Rules.Groups;
using Mla.Rules.Status;
using Mla.Rules.Sync;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Rulers;

/// <summary>
/// Syncs per-tenant Alertmanager configurations into a Mimir/Cortex Alertmanager, as KKP does: a null receiver until
/// the user sets one; GET, compare by meaning, POST only on a difference; DELETE for inactive clusters (checked gone).
/// </summary>
internal sealed partial class AlertmanagerApiSync(IHttpClientFactory http, IOptions<RulesOptions> options, RulesMetrics metrics, TimeProvider time, ILogger<AlertmanagerApiSync> logger)
{
    public const string Backend = "alertmanager-api";

    /// <summary>KKP's default: every alert to a receiver that sends nothing.</summary>
    public const string NullConfig = "route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n";

    public async Task<(IReadOnlyDictionary<StatusKey, SyncStatus> Statuses, bool Success)> SyncAsync(
        AlertmanagerApiOptions api, IReadOnlyList<(string ClusterId, bool Active, string? Yaml)> work, CancellationToken cancellationToken)
    {
        var client = new AlertmanagerApiClient(http.CreateClient(HttpRulerSync.HttpClientName), api);
        var statuses = new ConcurrentDictionary<StatusKey, SyncStatus>();
        var success = true;
        await Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                var key = StatusKey.Alertmanager(item.ClusterId);
                try
                {
                    var current = await client.GetAsync(item.ClusterId, token);
                    if (!item.Active)
                    {
                        if (current is not null)
                        {
                            await client.DeleteAsync(item.ClusterId, token);
                            if (await client.GetAsync(item.ClusterId, token) is not null)
                            {
                                throw new HttpRequestException("the configuration is still there after DELETE");
                            }

                            metrics.Deletes.WithLabels(Backend).Inc();
                        }

                        return;
                    }

                    var desired = Wrapped(item.Yaml ?? NullConfig);
                    if (!Same(current, desired))
                    {
                        await client.PostAsync(item.ClusterId, desired, token);
                        metrics.Writes.WithLabels(Backend).Inc();
                        LogWritten(item.ClusterId);
                    }

                    statuses[key] = new SyncStatus(RuleGroupSyncStatus.Synced, null, time.GetUtcNow());
                }
                catch (RulerRejectedException e)
                {
                    statuses[key] = new SyncStatus(RuleGroupSyncStatus.Invalid, e.Message, time.GetUtcNow());
                }
                catch (Exception e) when (e is HttpRequestException or YamlDotNet.Core.YamlException || (e is TaskCanceledException && !token.IsCancellationRequested))
                {
                    success = false;
                    LogFailed(item.ClusterId, e.Message);
                    if (item.Active)
                    {
                        statuses[key] = new SyncStatus(RuleGroupSyncStatus.Failed, $"Alertmanager API: {e.Message}", time.GetUtcNow());
                    }
                }
            });
        return (statuses, success);
    }

    /// <summary>The API's body: the user's own wrapper as it is, else <c>template_files: {}</c> and the configuration as a string.</summary>
    internal static string Wrapped(string yaml)
    {
        if (Yaml.Load(yaml) is YamlMappingNode map && Yaml.Child(map, "alertmanager_config") is not null)
        {
            return yaml;
        }

        return Yaml.Save(new YamlMappingNode
        {
            { "template_files", new YamlMappingNode() },
            { "alertmanager_config", new YamlScalarNode(yaml) { Style = YamlDotNet.Core.ScalarStyle.Literal } },
        });
    }

    private static bool Same(string? current, string desired)
    {
        if (current is null || Yaml.Load(current) is not YamlMappingNode held || Yaml.Load(desired) is not YamlMappingNode wanted)
        {
            return false;
        }

        return YamlComparison.SameContent(Yaml.ScalarValue(held, "alertmanager_config"), Yaml.ScalarValue(wanted, "alertmanager_config"))
            && YamlComparison.SameContent(Yaml.Save(Yaml.Child(held, "template_files") ?? new YamlMappingNode()), Yaml.Save(Yaml.Child(wanted, "template_files") ?? new YamlMappingNode()));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alertmanager API: configuration of cluster {Cluster} written")]
    private partial void LogWritten(string cluster);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alertmanager API: cluster {Cluster} failed: {Reason}")]
    private partial void LogFailed(string cluster, string reason);
}
