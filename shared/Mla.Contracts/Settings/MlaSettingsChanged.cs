namespace Mla.Contracts.Settings;

/// <summary>The MLA settings (limits) of a cluster changed; <paramref name="Seed"/> is its seed when known.</summary>
public sealed record MlaSettingsChanged(
    string EventId,
    string Source,
    DateTimeOffset OccurredAt,
    MlaSettingsState Settings,
    string? Seed) : IIntegrationEvent;
