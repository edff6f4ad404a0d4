using System.Diagnostics;

namespace Mla.Hosting.Logging;

/// <summary>
/// Makes sure ASP.NET Core, MassTransit and MLA create activities even when no tracing exporter is configured, so
/// that every log line written while handling a request or a message carries its W3C trace and span ids.
/// </summary>
internal static class TraceActivityListener
{
    private static readonly Lazy<ActivityListener> Listener = new(Create);

    public static void EnsureStarted() => _ = Listener.Value;

    private static ActivityListener Create()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                || source.Name.StartsWith("MassTransit", StringComparison.Ordinal)
                || source.Name.StartsWith("Mla", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
