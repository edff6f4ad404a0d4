namespace Mla.Writer.Replay;

/// <summary>The answer to a replay request: the replay started, or the one of the tenant already running, or why none started.</summary>
public sealed record ReplayStart(ReplayStartOutcome Outcome, ReplayRun? Run, string Reason);
