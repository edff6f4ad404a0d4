namespace Mla.Contracts.Projects;

/// <summary>A project was updated in KKP; carries its full state.</summary>
public sealed record ProjectUpdated(string EventId, string Source, DateTimeOffset OccurredAt, ProjectState Project)
    : IIntegrationEvent;
