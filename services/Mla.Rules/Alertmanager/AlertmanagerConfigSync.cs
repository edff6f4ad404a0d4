using Microsoft.Extensions.Options;
using Mla.Contracts.Rules;
using Mla.Rules.Checks;
using Mla.Rules.Desired;
using Mla.Rules.Status;
using Mla.Rules.Sync;

namespace Mla.Rules.Alertmanager;

/// <summary>
/// The real Alertmanager backend: every active cluster's configuration (a null receiver until the user sets one)
/// is rewritten into its tenant sub-tree and checked alone with <c>amtool check-config</c> (an invalid one is
/// <c>Invalid</c> and the tenant keeps its last valid sub-tree); the composed file is checked again, written only
/// when it differs from the file on disk, and the Alertmanager reloaded once.
/// </summary>
internal sealed partial class AlertmanagerConfigSync(IOptions<RulesOptions> options, IHttpClientFactory http, RulesMetrics metrics, TimeProvider time, ILogger<AlertmanagerConfigSync> logger)
{
    public const string Backend = "alertmanager";
    private readonly Dictionary<string, (string Yaml, TenantAlertmanagerParts? Parts, string? Reason)> _checked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TenantAlertmanagerParts> _accepted = new(StringComparer.Ordinal);
    private bool _reloadPending;

    public bool Configured => options.Value.Alertmanager.ConfigPath is not null;

    public async Task<IReadOnlyDictionary<StatusKey, SyncStatus>> SyncAsync(IReadOnlyList<DesiredCluster> clusters, CancellationToken cancellationToken)
    {
        var settings = options.Value.Alertmanager;
        var path = settings.ConfigPath!;
        var now = time.GetUtcNow();
        var statuses = new Dictionary<StatusKey, SyncStatus>();
        var parts = new List<TenantAlertmanagerParts>();
        foreach (var cluster in clusters.Where(c => c.Active).OrderBy(c => c.ClusterId, StringComparer.Ordinal))
        {
            var key = StatusKey.Alertmanager(cluster.ClusterId);
            if (cluster.AlertmanagerYaml is null)
            {
                parts.Add(TenantAlertmanagerConfig.Null(cluster.ClusterId));
                statuses[key] = new SyncStatus(RuleGroupSyncStatus.Synced, null, now);
                continue;
            }

            var (tenantParts, reason) = await CheckTenantAsync(cluster.ClusterId, cluster.AlertmanagerYaml, cancellationToken);
            if (tenantParts is null)
            {
                statuses[key] = new SyncStatus(RuleGroupSyncStatus.Invalid, reason, now);
                parts.Add(_accepted.GetValueOrDefault(cluster.ClusterId) ?? TenantAlertmanagerConfig.Null(cluster.ClusterId));
                continue;
            }

            _accepted[cluster.ClusterId] = tenantParts;
            parts.Add(tenantParts);
            statuses[key] = new SyncStatus(RuleGroupSyncStatus.Synced, null, now);
        }

        foreach (var gone in _accepted.Keys.Except(clusters.Where(c => c.Active).Select(c => c.ClusterId), StringComparer.Ordinal).ToList())
        {
            _accepted.Remove(gone);
            _checked.Remove(gone);
        }

        var templatesDirectory = TemplatesDirectory(path);
        if (await WriteTemplatesAsync(templatesDirectory, parts, cancellationToken))
        {
            _reloadPending = true;
        }

        var composed = AlertmanagerComposer.Compose(parts, templatesDirectory);
        var current = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
        if (!string.Equals(current, composed, StringComparison.Ordinal))
        {
            var staging = path + ".staging";
            await File.WriteAllTextAsync(staging, composed, cancellationToken);
            var check = await AmtoolAsync(staging, cancellationToken);
            if (!check.Valid)
            {
                File.Delete(staging);
                throw new BackendUnavailableException($"the composed Alertmanager configuration failed amtool check-config: {check.Output}", Failed(statuses, "composed configuration refused by amtool", now));
            }

            File.Move(staging, path, overwrite: true);
            metrics.Writes.WithLabels(Backend).Inc();
            LogWritten(parts.Count, path);
            _reloadPending = true;
        }

        if (_reloadPending)
        {
            var error = await ReloadAsync(cancellationToken);
            if (error is not null)
            {
                throw new BackendUnavailableException($"Alertmanager reload failed: {error}", Failed(statuses, $"Alertmanager reload failed: {error}", now));
            }

            _reloadPending = false;
        }

        return statuses;
    }

    /// <summary>The tenant's sub-tree, checked alone with amtool; remembered per configuration text, so an idle pass runs no check.</summary>
    private async Task<(TenantAlertmanagerParts? Parts, string? Reason)> CheckTenantAsync(string tenant, string yaml, CancellationToken cancellationToken)
    {
        if (_checked.TryGetValue(tenant, out var known) && known.Yaml == yaml)
        {
            return (known.Parts, known.Reason);
        }

        var (parts, reason) = TenantAlertmanagerConfig.Rewrite(tenant, yaml);
        if (parts is not null)
        {
            var directory = Path.Combine(Path.GetTempPath(), $"mla-am-{Guid.NewGuid():N}");
            var file = Path.Combine(directory, "alertmanager.yml");
            try
            {
                Directory.CreateDirectory(directory);
                await WriteTemplatesAsync(TemplatesDirectory(file), [parts], cancellationToken);
                await File.WriteAllTextAsync(file, AlertmanagerComposer.Compose([parts], TemplatesDirectory(file)), cancellationToken);
                var check = await AmtoolAsync(file, cancellationToken);
                if (!check.Valid)
                {
                    reason = AmtoolReason(check.Output);
                    parts = null;
                }
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        if (parts is null)
        {
            LogInvalid(tenant, reason ?? "?");
        }

        _checked[tenant] = (yaml, parts, reason);
        return (parts, reason);
    }

    /// <summary>The tenants' template files live beside the composed configuration, one folder per tenant.</summary>
    public static string TemplatesDirectory(string configPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, "templates");

    /// <summary>
    /// Makes <c>&lt;directory&gt;/&lt;tenant&gt;/</c> hold exactly each tenant's template files (written only when they
    /// differ; other files and other folders removed). True when anything changed.
    /// </summary>
    private static async Task<bool> WriteTemplatesAsync(string directory, IReadOnlyList<TenantAlertmanagerParts> parts, CancellationToken cancellationToken)
    {
        var changed = false;
        var wanted = parts.Where(p => p.Templates.Count > 0).ToDictionary(p => p.Tenant, StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            foreach (var folder in Directory.GetDirectories(directory).Where(f => !wanted.ContainsKey(Path.GetFileName(f))))
            {
                Directory.Delete(folder, recursive: true);
                changed = true;
            }
        }

        foreach (var (tenant, tenantParts) in wanted)
        {
            var folder = Path.Combine(directory, tenant);
            Directory.CreateDirectory(folder);
            foreach (var stale in Directory.GetFiles(folder).Where(f => !tenantParts.Templates.ContainsKey(Path.GetFileName(f))))
            {
                File.Delete(stale);
                changed = true;
            }

            foreach (var (name, content) in tenantParts.Templates)
            {
                var file = Path.Combine(folder, name);
                if (!File.Exists(file) || !string.Equals(await File.ReadAllTextAsync(file, cancellationToken), content, StringComparison.Ordinal))
                {
                    await File.WriteAllTextAsync(file, content, cancellationToken);
                    changed = true;
                }
            }
        }

        return changed;
    }

    private Task<CheckResult> AmtoolAsync(string file, CancellationToken cancellationToken) =>
        ExternalCheck.RunAsync(options.Value.Alertmanager.AmtoolBinary, ["check-config", file], cancellationToken);

    /// <summary>amtool's complaint without the temporary file's name.</summary>
    private static string AmtoolReason(string output) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("FAILED:", StringComparison.Ordinal)) is { } failed
            ? failed["FAILED:".Length..].Trim()
            : output.Trim();

    private static Dictionary<StatusKey, SyncStatus> Failed(Dictionary<StatusKey, SyncStatus> statuses, string reason, DateTimeOffset now) =>
        statuses.ToDictionary(s => s.Key, s => s.Value.State == RuleGroupSyncStatus.Invalid ? s.Value : new SyncStatus(RuleGroupSyncStatus.Failed, reason, now));

    private async Task<string?> ReloadAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Alertmanager.Url is not { } url)
        {
            return null;
        }

        try
        {
            using var client = http.CreateClient(Backend);
            using var response = await client.PostAsync(new Uri(url, "-/reload"), null, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Alertmanager configuration of {Tenants} tenants written to {Path}")]
    private partial void LogWritten(int tenants, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alertmanager configuration of cluster {Cluster} is invalid: {Reason}")]
    private partial void LogInvalid(string cluster, string reason);
}
