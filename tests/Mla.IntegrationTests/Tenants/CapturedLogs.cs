using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Mla.IntegrationTests.Tenants;

/// <summary>Every log event of the app under test, rendered with its properties and exception, for the secret scan.</summary>
internal sealed class CapturedLogs : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public void Emit(LogEvent logEvent)
    {
        var properties = string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
        _lines.Enqueue($"{logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {properties} {logEvent.Exception}");
    }

    /// <summary>Fails if any captured line holds key material or one of the given secrets.</summary>
    public void AssertNoSecrets(params string[] secrets)
    {
        Assert.NotEmpty(_lines);
        foreach (var line in _lines)
        {
            Assert.DoesNotContain("PRIVATE KEY", line, StringComparison.Ordinal);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
            }
        }
    }
}
