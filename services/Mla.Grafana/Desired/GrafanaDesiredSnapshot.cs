using Mla.Contracts.Projects;

namespace Mla.Grafana.Desired;

/// <summary>A consistent copy of <see cref="GrafanaDesiredState"/>.</summary>
public sealed record GrafanaDesiredSnapshot(
    IReadOnlyList<ProjectState> Projects,
    ILookup<string, DesiredCluster> ClustersByProject,
    IReadOnlyList<string> DeletedProjects,
    IReadOnlyList<string> Admins,
    IReadOnlyList<string> FormerAdmins,
    IReadOnlyList<string> Seeds);
