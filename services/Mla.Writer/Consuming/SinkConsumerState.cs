namespace Mla.Writer.Consuming;

public enum SinkConsumerState
{
    Starting,
    Running,
    Stopped,
    Failed,
}
