using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Mla.Hosting.Tests.Logging;

/// <summary>A Serilog sink registered in the services (the service defaults read sinks from there): keeps every event.</summary>
internal sealed class CapturedLogEvents : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
}
