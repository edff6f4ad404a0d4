namespace Mla.Contracts.Rules;

/// <summary>A rule group was deleted; <paramref name="Seed"/> is the seed of its cluster when known.</summary>
public sealed record RuleGroupDeleted(
    string EventId,
    string Source,
    DateTimeOffset OccurredAt,
    RuleGroupState RuleGroup,
    string? Seed) : IIntegrationEvent;
