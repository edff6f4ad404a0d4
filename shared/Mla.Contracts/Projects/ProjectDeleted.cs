namespace Mla.Contracts.Projects;

/// <summary>A project was deleted in KKP; carries its full state.</summary>
public sealed record ProjectDeleted(string EventId, string Source, DateTimeOffset OccurredAt, ProjectState Project)
    : IIntegrationEvent;
