using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mla.Exporters.Tests.Support;

/// <summary>Captures every formatted log line (and exception text) so that a test can scan them for secrets.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception) + (exception is null ? "" : "\n" + exception));
}
