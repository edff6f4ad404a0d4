using Microsoft.Extensions.Options;
using Mla.Contracts.Rules;
using Mla.Rules.Checks;
using Mla.Rules.Desired;
using Mla.Rules.Groups;
using Mla.Rules.Status;
using Mla.Rules.Sync;

namespace Mla.Rules.VmAlert;

/// <summary>
/// The vmalert backend: desired metrics groups become rule files (GET = read the file, compare, write only on a
/// difference), every new or changed file is checked with <c>vmalert -dryRun</c> first (an invalid group is
/// <c>Invalid</c> and its previous file, if any, stays), files of deleted groups and switched-off clusters are
/// removed, and vmalert is reloaded once per pass that changed anything.
/// </summary>
internal sealed partial class VmAlertRuleSync(IOptions<RulesOptions> options, IHttpClientFactory http, RulesMetrics metrics, TimeProvider time, ILogger<VmAlertRuleSync> logger)
{
    public const string Backend = "vmalert";
    private readonly Dictionary<string, (string Text, string Reason)> _knownInvalid = new(StringComparer.Ordinal);
    private bool _reloadPending;

    public bool Configured => options.Value.VmAlert.RulesDirectory is not null;

    /// <summary>One pass over the metrics groups of every known cluster; returns each group's status.</summary>
    public async Task<IReadOnlyDictionary<StatusKey, SyncStatus>> SyncAsync(IReadOnlyList<DesiredCluster> clusters, CancellationToken cancellationToken)
    {
        var settings = options.Value.VmAlert;
        var directory = settings.RulesDirectory!;
        var staging = Path.Combine(directory, ".staging");
        Directory.CreateDirectory(staging);
        foreach (var stale in Directory.EnumerateFiles(staging))
        {
            File.Delete(stale);
        }

        var now = time.GetUtcNow();
        var statuses = new Dictionary<StatusKey, SyncStatus>();
        var desiredFiles = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<(StatusKey Key, string File, string Text)>();
        foreach (var cluster in clusters.Where(c => c.Active))
        {
            foreach (var group in cluster.Groups.Where(g => g.Type == RuleGroupType.Metrics))
            {
                var key = StatusKey.Group(cluster.ClusterId, group.Id);
                var file = VmAlertRuleFile.FileName(cluster.ClusterId, group.Id);

                // An invalid new version leaves the group's last valid file in place.
                desiredFiles.Add(file);
                var (definition, error) = RuleGroupParser.Parse(group.Id, group.Yaml);
                if (definition is null)
                {
                    statuses[key] = new SyncStatus(RuleGroupSyncStatus.Invalid, error, now);
                    continue;
                }

                var text = VmAlertRuleFile.Render(cluster.ClusterId, definition);
                var path = Path.Combine(directory, file);
                if (File.Exists(path) && string.Equals(await File.ReadAllTextAsync(path, cancellationToken), text, StringComparison.Ordinal))
                {
                    statuses[key] = new SyncStatus(RuleGroupSyncStatus.Synced, null, now);
                }
                else if (_knownInvalid.TryGetValue(file, out var invalid) && invalid.Text == text)
                {
                    statuses[key] = new SyncStatus(RuleGroupSyncStatus.Invalid, invalid.Reason, now);
                }
                else
                {
                    candidates.Add((key, file, text));
                }
            }
        }

        var valid = await CheckAsync(candidates, staging, now, statuses, cancellationToken);
        foreach (var (key, file, _) in valid)
        {
            File.Move(Path.Combine(staging, file), Path.Combine(directory, file), overwrite: true);
            metrics.Writes.WithLabels(Backend).Inc();
            LogWritten(key.ClusterId, key.Name, file);
        }

        var removed = RemoveUndesired(directory, desiredFiles, clusters);
        if (valid.Count > 0 || removed > 0)
        {
            _reloadPending = true;
        }

        if (_reloadPending)
        {
            var reloadError = await ReloadAsync(cancellationToken);
            if (reloadError is not null)
            {
                foreach (var (key, _, _) in valid)
                {
                    statuses[key] = new SyncStatus(RuleGroupSyncStatus.Failed, reloadError, now);
                }

                throw new BackendUnavailableException($"vmalert reload failed: {reloadError}", statuses);
            }

            _reloadPending = false;
        }

        foreach (var (key, _, _) in valid)
        {
            statuses[key] = new SyncStatus(RuleGroupSyncStatus.Synced, null, now);
        }

        return statuses;
    }

    /// <summary>Checks the candidates with one <c>vmalert -dryRun</c> over all of them; on a failure, each alone to name the culprits.</summary>
    private async Task<List<(StatusKey Key, string File, string Text)>> CheckAsync(
        List<(StatusKey Key, string File, string Text)> candidates, string staging, DateTimeOffset now, Dictionary<StatusKey, SyncStatus> statuses, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return candidates;
        }

        foreach (var (_, file, text) in candidates)
        {
            await File.WriteAllTextAsync(Path.Combine(staging, file), text, cancellationToken);
        }

        if ((await DryRunAsync(Path.Combine(staging, "*" + VmAlertRuleFile.Suffix), cancellationToken)).Valid)
        {
            return candidates;
        }

        var valid = new List<(StatusKey Key, string File, string Text)>();
        foreach (var candidate in candidates)
        {
            var result = await DryRunAsync(Path.Combine(staging, candidate.File), cancellationToken);
            if (result.Valid)
            {
                valid.Add(candidate);
                continue;
            }

            var reason = Reason(result.Output);
            _knownInvalid[candidate.File] = (candidate.Text, reason);
            statuses[candidate.Key] = new SyncStatus(RuleGroupSyncStatus.Invalid, reason, now);
            LogInvalid(candidate.Key.ClusterId, candidate.Key.Name, reason);
        }

        return valid;
    }

    private Task<CheckResult> DryRunAsync(string rulePattern, CancellationToken cancellationToken) =>
        ExternalCheck.RunAsync(options.Value.VmAlert.Binary, ["-dryRun", $"-rule={rulePattern}", "-loggerLevel=ERROR"], cancellationToken);

    /// <summary>vmalert's complaint without its log prefix and file path (the user never sees MLA's file names).</summary>
    private static string Reason(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Contains("failed to parse", StringComparison.Ordinal))
            ?? output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "vmalert refused the group";
        var start = line.IndexOf("invalid group", StringComparison.Ordinal);
        var reason = start >= 0 ? line[start..] : line;
        return InFilePattern().Replace(reason, string.Empty);
    }

    private int RemoveUndesired(string directory, HashSet<string> desiredFiles, IReadOnlyList<DesiredCluster> clusters)
    {
        // Only files of clusters MLA has heard of: another tenant's file is not removed on a guess.
        var known = clusters.Select(c => c.ClusterId).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "*" + VmAlertRuleFile.Suffix))
        {
            var file = Path.GetFileName(path);
            if (!desiredFiles.Contains(file) && VmAlertRuleFile.TenantOf(file) is { } tenant && known.Contains(tenant))
            {
                File.Delete(path);
                _knownInvalid.Remove(file);
                metrics.Deletes.WithLabels(Backend).Inc();
                removed++;
                LogRemoved(tenant, file);
            }
        }

        return removed;
    }

    private async Task<string?> ReloadAsync(CancellationToken cancellationToken)
    {
        if (options.Value.VmAlert.Url is not { } url)
        {
            return null;
        }

        try
        {
            using var client = http.CreateClient(Backend);
            using var response = await client.GetAsync(new Uri(url, "-/reload"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}".Trim();
            }

            metrics.Reloads.WithLabels(Backend).Inc();
            return null;
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(" in file \"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex InFilePattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "vmalert rule group {Group} of cluster {Cluster} written to {File}")]
    private partial void LogWritten(string cluster, string group, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "vmalert rule group {Group} of cluster {Cluster} is invalid: {Reason}")]
    private partial void LogInvalid(string cluster, string group, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "vmalert rule file {File} of cluster {Cluster} removed")]
    private partial void LogRemoved(string cluster, string file);
}
