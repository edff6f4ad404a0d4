using Microsoft.Extensions.Options;

namespace Mla.Host.Embedded;

/// <summary>VictoriaMetrics (Debian package) as the embedded default's storage, on 127.0.0.1:8428, data under the state folder.</summary>
internal sealed class EmbeddedVictoriaMetrics(IOptions<EmbeddedOptions> options, ILogger<EmbeddedVictoriaMetrics> logger) : IHostedService, IAsyncDisposable
{
    private ManagedProcess? _process;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var dataPath = Path.GetFullPath(Path.Combine(settings.StateDirectory, "victoria-metrics"));
        Directory.CreateDirectory(dataPath);
        _process = ManagedProcess.Start(
            "victoria-metrics",
            settings.VictoriaMetrics.Binary,
            [$"-storageDataPath={dataPath}", $"-httpListenAddr={settings.VictoriaMetrics.ListenAddress}", "-search.latencyOffset=0s", "-loggerLevel=WARN"],
            logger);

        var health = new Uri($"http://{settings.VictoriaMetrics.ListenAddress}/health");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(health, cancellationToken)).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"VictoriaMetrics did not become healthy on {health} (is the port taken by another instance?)");
            }

            await Task.Delay(100, cancellationToken);
        }

        logger.LogInformation(
            "VictoriaMetrics ready: UI http://{Address}/vmui, data {DataPath}; query one tenant with ?extra_label=tenant=<cluster id>",
            settings.VictoriaMetrics.ListenAddress, dataPath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }
}
