using Mla.Gateway.RemoteWrite;

namespace Mla.Gateway.Push;

/// <summary>The answer to a push, and the task that completes once librdkafka no longer holds its records.</summary>
public readonly record struct SignalOutcome(PushResponse Response, Task Settled)
{
    /// <summary>An answer with nothing left in librdkafka's hands.</summary>
    public static SignalOutcome Done(PushResponse response) => new(response, Task.CompletedTask);
}
