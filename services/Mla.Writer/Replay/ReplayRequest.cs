namespace Mla.Writer.Replay;

/// <summary>A validated replay request: one tenant's records with timestamps in [From, To], written to Sink.</summary>
public sealed record ReplayRequest(string Tenant, DateTimeOffset From, DateTimeOffset To, string Sink);
