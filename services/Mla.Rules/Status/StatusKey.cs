namespace Mla.Rules.Status;

/// <summary>A rule group of a cluster, or (with <paramref name="IsAlertmanagerConfig"/>) the cluster's Alertmanager configuration.</summary>
internal readonly record struct StatusKey(string ClusterId, string Name, bool IsAlertmanagerConfig)
{
    public const string AlertmanagerName = "alertmanager";

    public static StatusKey Group(string clusterId, string name) => new(clusterId, name, false);

    public static StatusKey Alertmanager(string clusterId) => new(clusterId, AlertmanagerName, true);
}
