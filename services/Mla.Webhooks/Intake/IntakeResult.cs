namespace Mla.Webhooks.Intake;

/// <summary>What happened to the events of one request: published, already seen, or older than the catalog.</summary>
public sealed record IntakeResult(int Accepted, int Duplicates, int Stale);
