namespace Mla.Contracts.Projects;

/// <summary>Desired state of a KKP project: one Grafana organisation per project.</summary>
public sealed record ProjectState(string Id, string Name, IReadOnlyList<ProjectMember> Members);
