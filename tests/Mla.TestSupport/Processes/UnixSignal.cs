namespace Mla.TestSupport.Processes;

/// <summary>The POSIX signals the fixtures send (Linux numbers).</summary>
public enum UnixSignal
{
    /// <summary>SIGINT: PostgreSQL's "fast shutdown".</summary>
    Interrupt = 2,

    /// <summary>SIGKILL: cannot be caught.</summary>
    Kill = 9,

    /// <summary>SIGTERM: the usual graceful stop.</summary>
    Terminate = 15,
}
