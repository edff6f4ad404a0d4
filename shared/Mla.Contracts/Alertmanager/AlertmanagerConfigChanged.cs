namespace Mla.Contracts.Alertmanager;

/// <summary>The Alertmanager configuration of a cluster was changed; <paramref name="Seed"/> when known.</summary>
public sealed record AlertmanagerConfigChanged(
    string EventId,
    string Source,
    DateTimeOffset OccurredAt,
    AlertmanagerConfigState Config,
    string? Seed) : IIntegrationEvent;
