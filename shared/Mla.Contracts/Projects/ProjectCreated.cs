namespace Mla.Contracts.Projects;

/// <summary>A project was created in KKP; carries its full state.</summary>
public sealed record ProjectCreated(string EventId, string Source, DateTimeOffset OccurredAt, ProjectState Project)
    : IIntegrationEvent;
