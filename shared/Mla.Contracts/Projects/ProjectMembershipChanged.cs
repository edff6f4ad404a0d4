namespace Mla.Contracts.Projects;

/// <summary>The members of a project changed in KKP; carries its full state.</summary>
public sealed record ProjectMembershipChanged(string EventId, string Source, DateTimeOffset OccurredAt, ProjectState Project)
    : IIntegrationEvent;
