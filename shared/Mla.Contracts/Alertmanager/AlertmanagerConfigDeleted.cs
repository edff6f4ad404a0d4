namespace Mla.Contracts.Alertmanager;

/// <summary>The Alertmanager configuration of a cluster was deleted; <paramref name="Seed"/> when known.</summary>
public sealed record AlertmanagerConfigDeleted(
    string EventId,
    string Source,
    DateTimeOffset OccurredAt,
    AlertmanagerConfigState Config,
    string? Seed) : IIntegrationEvent;
