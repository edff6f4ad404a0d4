using Microsoft.Extensions.Options;
using Mla.Contracts.Rules;
using Mla.Rules.Desired;

namespace Mla.Rules.Defaults;

/// <summary>
/// The default rule groups: one group per file in <c>&lt;DefaultsDirectory&gt;/metrics/*.yaml</c> and
/// <c>…/logs/*.yaml</c> (the file name without extension is the group name), fanned out to every known cluster that
/// has the signal on. A cluster's own group of the same name wins. The folder is read on every pass, so a changed
/// template reaches every cluster at the next pass (a change in the folder also wakes the sync).
/// </summary>
internal sealed partial class DefaultRuleGroups : IDisposable
{
    private readonly IOptions<RulesOptions> _options;
    private readonly ILogger<DefaultRuleGroups> _logger;
    private readonly FileSystemWatcher? _watcher;

    public DefaultRuleGroups(IOptions<RulesOptions> options, DesiredRules desired, ILogger<DefaultRuleGroups> logger)
    {
        _options = options;
        _logger = logger;
        if (options.Value.DefaultsDirectory is { } directory && Directory.Exists(directory))
        {
            _watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = true, EnableRaisingEvents = true };
            _watcher.Changed += (_, _) => desired.Touch();
            _watcher.Created += (_, _) => desired.Touch();
            _watcher.Deleted += (_, _) => desired.Touch();
            _watcher.Renamed += (_, _) => desired.Touch();
        }
    }

    /// <summary>The templates now in the folder, by signal.</summary>
    public IReadOnlyList<(RuleGroupType Type, string Name, string Yaml)> Load()
    {
        if (_options.Value.DefaultsDirectory is not { } directory || !Directory.Exists(directory))
        {
            return [];
        }

        var result = new List<(RuleGroupType, string, string)>();
        foreach (var (folder, type) in new[] { ("metrics", RuleGroupType.Metrics), ("logs", RuleGroupType.Logs) })
        {
            var path = Path.Combine(directory, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path, "*.yaml").Order(StringComparer.Ordinal))
            {
                try
                {
                    result.Add((type, Path.GetFileNameWithoutExtension(file), File.ReadAllText(file)));
                }
                catch (IOException e)
                {
                    LogUnreadable(file, e.Message);
                }
            }
        }

        return result;
    }

    /// <summary>Every cluster with the defaults of its signals added, its own groups winning by name.</summary>
    public IReadOnlyList<DesiredCluster> Apply(IReadOnlyList<DesiredCluster> clusters)
    {
        var templates = Load();
        if (templates.Count == 0)
        {
            return clusters;
        }

        return clusters.Select(cluster =>
        {
            if (!cluster.Active || cluster.DefaultSignals.Count == 0)
            {
                return cluster;
            }

            var own = cluster.Groups.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
            var defaults = templates
                .Where(t => cluster.DefaultSignals.Contains(t.Type) && !own.Contains(t.Name))
                .Select(t => new RuleGroupState(t.Name, cluster.ClusterId, t.Type, t.Yaml));
            return cluster with { Groups = [.. cluster.Groups.Concat(defaults).OrderBy(g => g.Id, StringComparer.Ordinal)] };
        }).ToList();
    }

    public void Dispose() => _watcher?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Default rule group {File} could not be read: {Reason}")]
    private partial void LogUnreadable(string file, string reason);
}
