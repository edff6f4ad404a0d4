namespace Mla.Contracts.Users;

/// <summary>A KKP user was created or changed (its admin flag above all); carries its full state.</summary>
public sealed record UserChanged(string EventId, string Source, DateTimeOffset OccurredAt, UserState User)
    : IIntegrationEvent;
