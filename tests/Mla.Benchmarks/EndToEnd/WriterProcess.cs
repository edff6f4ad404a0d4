using System.Globalization;
using Mla.Benchmarks.Load;
using Mla.TestSupport.Processes;

namespace Mla.Benchmarks.EndToEnd;

/// <summary>
/// The writer as it ships (<c>dotnet Mla.Writer.dll</c>, its own process), configured through the environment only:
/// one remote-write sink (<c>extra-label</c> placement, as for a VictoriaMetrics single node), the rest defaults.
/// </summary>
internal sealed class WriterProcess : IAsyncDisposable
{
    public const string Sink = "vm";

    private readonly string _directory;

    private WriterProcess(ChildProcess process, Uri baseUri, string directory)
    {
        Process = process;
        BaseUri = baseUri;
        _directory = directory;
    }

    public ChildProcess Process { get; }

    public Uri BaseUri { get; }

    public Uri MetricsUrl => new(BaseUri, "metrics");

    /// <param name="bootstrapServers">The broker.</param>
    /// <param name="topic">The metrics topic.</param>
    /// <param name="remoteWriteUrl">The sink.</param>
    /// <param name="settings">Further <c>Mla:Writer:…</c> settings (key without the prefix) on top of the defaults.</param>
    public static async Task<WriterProcess> StartAsync(string bootstrapServers, string topic, Uri remoteWriteUrl, IReadOnlyDictionary<string, string> settings)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "Mla.Writer.dll");
        if (!File.Exists(Path.ChangeExtension(assembly, ".runtimeconfig.json")))
        {
            throw new InvalidOperationException($"{assembly} has no runtimeconfig.json next to it: it cannot run as its own process");
        }

        var port = FreeTcpPort.Next();
        var directory = Directory.CreateTempSubdirectory("mla-bench-writer-").FullName;
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Mla__Bus__Transport"] = "InMemory",
            ["Mla__Writer__Kafka__BootstrapServers"] = bootstrapServers,
            ["Mla__Writer__Topic"] = topic,
            [$"Mla__Writer__Sinks__{Sink}__Url"] = remoteWriteUrl.ToString(),
            [$"Mla__Writer__Sinks__{Sink}__TenantPlacement"] = "extra-label",
        };
        foreach (var (key, value) in settings)
        {
            environment["Mla__Writer__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var process = ChildProcess.Start(new ChildProcessSpec(
            GatewayProcess.DotnetHost(),
            [assembly, "--urls", url, "--contentRoot", directory],
            Path.Combine(directory, "writer.log"))
        {
            WorkingDirectory = directory,
            Environment = environment,
        });
        var writer = new WriterProcess(process, new Uri(url + "/"), directory);
        try
        {
            await Readiness.WaitAsync(
                "the writer's /readyz (its consumer joined the group)",
                async ct =>
                {
                    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
                    using var response = await http.GetAsync(new Uri(writer.BaseUri, "readyz"), ct);
                    return response.IsSuccessStatusCode;
                },
                TimeSpan.FromSeconds(60),
                process,
                () => process.ReadLogTail(),
                CancellationToken.None);
            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.StopAsync(UnixSignal.Terminate, TimeSpan.FromSeconds(15));
        await Process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
