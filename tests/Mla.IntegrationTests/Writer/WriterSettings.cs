namespace Mla.IntegrationTests.Writer;

/// <summary>The writer's settings for a test: one sink <c>vm</c> with <c>extra-label</c> placement, short waits and retries.</summary>
internal static class WriterSettings
{
    public const string Sink = "vm";

    public static Dictionary<string, string?> For(string bootstrapServers, string topic, Uri remoteWriteUrl, params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Mla:Writer:Kafka:BootstrapServers"] = bootstrapServers,
            ["Mla:Writer:Kafka:SessionTimeout"] = "00:00:06",
            ["Mla:Writer:Topic"] = topic,
            // 5 s, not 1 s: once per interval the consume loop asks the broker for each partition's watermarks (a round
            // trip, up to 2 s each) on its own thread, between polls of one record each; with 1 s, slow answers on a
            // loaded machine leave little time for consuming (a make test run once drained 30 records in 40 s).
            ["Mla:Writer:LagInterval"] = "00:00:05",
            ["Mla:Writer:ShutdownTimeout"] = "00:00:05",
            [$"Mla:Writer:Sinks:{Sink}:Url"] = remoteWriteUrl.ToString(),
            [$"Mla:Writer:Sinks:{Sink}:TenantPlacement"] = "extra-label",
            [$"Mla:Writer:Sinks:{Sink}:GroupId"] = $"mla-writer-it-{Guid.NewGuid():N}",
            [$"Mla:Writer:Sinks:{Sink}:BatchMaxWait"] = "00:00:00.200",
            [$"Mla:Writer:Sinks:{Sink}:RetryInitialDelay"] = "00:00:00.100",
            [$"Mla:Writer:Sinks:{Sink}:RetryMaxDelay"] = "00:00:01",
            [$"Mla:Writer:Sinks:{Sink}:Timeout"] = "00:00:05",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key.StartsWith("Mla:", StringComparison.Ordinal) ? key : $"Mla:Writer:Sinks:{Sink}:{key}"] = value;
        }

        return settings;
    }
}
