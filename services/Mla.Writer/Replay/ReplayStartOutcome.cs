namespace Mla.Writer.Replay;

public enum ReplayStartOutcome
{
    Started,

    /// <summary>A replay of the same tenant is running; <see cref="ReplayStart.Run"/> is that one.</summary>
    TenantBusy,

    /// <summary><c>Replay:MaxRunning</c> replays are running.</summary>
    TooMany,
}
