namespace Mla.Webhooks.Deduplication;

/// <summary>This replica's hold on an event id while it publishes the event: the row's token proves it is still ours.</summary>
public sealed record EventClaim(string EventId, string Token);
