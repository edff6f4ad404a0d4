namespace Mla.Webhooks.Resync;

/// <summary>What a start request found: the run it started, or the running (or recent) run that stopped it.</summary>
public sealed record ResyncStartResult(ResyncStartOutcome Outcome, ResyncRun Run, IReadOnlyList<string> RunningIds);
