namespace Mla.Writer.Replay;

public enum ReplayState
{
    Running,
    Completed,
    Failed,
    Cancelled,
}
