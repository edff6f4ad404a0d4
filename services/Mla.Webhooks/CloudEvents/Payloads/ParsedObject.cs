namespace Mla.Webhooks.CloudEvents.Payloads;

/// <summary>The object a CloudEvent's <c>data</c> describes, with the keys the catalog indexes it by.</summary>
public sealed record ParsedObject(string Id, string Key, string? Seed, string? ProjectId, string? ClusterId, object State);
