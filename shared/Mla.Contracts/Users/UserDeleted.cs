namespace Mla.Contracts.Users;

/// <summary>A KKP user was deleted; carries its last state (an admin is no admin any more).</summary>
public sealed record UserDeleted(string EventId, string Source, DateTimeOffset OccurredAt, UserState User)
    : IIntegrationEvent;
