namespace Mla.Hosting.Loops;

public enum LoopStatus
{
    /// <summary>Registered, not started yet.</summary>
    Starting,

    Running,

    /// <summary>Failed; waiting for its back-off before the next run.</summary>
    Restarting,

    /// <summary>Ended by itself without failing (e.g. nothing configured for it to do).</summary>
    Completed,

    Stopped,
}
