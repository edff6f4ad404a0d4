using System.Globalization;
using Microsoft.Extensions.Options;

namespace Mla.Host.Embedded;

/// <summary>
/// The embedded default's alerting: an Alertmanager (gossip off) reading the configuration the rules service composes
/// (a null receiver until then), and a vmalert reading the rule files the rules service writes, querying and
/// recording into the embedded VictoriaMetrics and notifying that Alertmanager. Both under the state folder.
/// </summary>
internal sealed partial class EmbeddedAlerting(IOptions<EmbeddedOptions> options, ILogger<EmbeddedAlerting> logger) : IHostedService, IAsyncDisposable
{
    private ManagedProcess? _alertmanager;
    private ManagedProcess? _vmalert;

    public static string RulesDirectory(EmbeddedOptions options) => Path.GetFullPath(Path.Combine(options.StateDirectory, "vmalert-rules"));

    public static string AlertmanagerConfigPath(EmbeddedOptions options) => Path.GetFullPath(Path.Combine(options.StateDirectory, "alertmanager", "alertmanager.yml"));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var alerting = settings.Alerting;
        var configPath = AlertmanagerConfigPath(settings);
        Directory.CreateDirectory(Path.GetDirectoryName(configPath)!);
        if (!File.Exists(configPath))
        {
            await File.WriteAllTextAsync(configPath, "route:\n  receiver: \"mla/null\"\nreceivers:\n  - name: \"mla/null\"\n", cancellationToken);
        }

        _alertmanager = ManagedProcess.Start(
            "alertmanager",
            alerting.AlertmanagerBinary,
            [
                $"--config.file={configPath}",
                $"--storage.path={Path.Combine(Path.GetDirectoryName(configPath)!, "data")}",
                $"--web.listen-address={alerting.AlertmanagerListenAddress}",
                "--cluster.listen-address=",
                "--log.level=warn",
            ],
            logger);
        await WaitHealthyAsync("Alertmanager", new Uri($"http://{alerting.AlertmanagerListenAddress}/-/ready"), _alertmanager, cancellationToken);

        var rules = RulesDirectory(settings);
        Directory.CreateDirectory(rules);
        var datasource = $"http://{settings.VictoriaMetrics.ListenAddress}";
        _vmalert = ManagedProcess.Start(
            "vmalert",
            alerting.VmAlertBinary,
            [
                $"-rule={Path.Combine(rules, "*.yml")}",
                $"-datasource.url={datasource}",
                $"-remoteWrite.url={datasource}",
                $"-notifier.url=http://{alerting.AlertmanagerListenAddress}",
                $"-evaluationInterval={alerting.EvaluationInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
                $"-httpListenAddr={alerting.VmAlertListenAddress}",
                "-loggerLevel=WARN",
            ],
            logger);
        await WaitHealthyAsync("vmalert", new Uri($"http://{alerting.VmAlertListenAddress}/health"), _vmalert, cancellationToken);
        LogReady(alerting.AlertmanagerListenAddress, alerting.VmAlertListenAddress, rules);
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _vmalert, _alertmanager })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        _vmalert = null;
        _alertmanager = null;
    }

    private static async Task WaitHealthyAsync(string name, Uri health, ManagedProcess process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{name} did not become ready on {health} (is the port taken by another instance?)");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alertmanager ready: alerts at http://{Alertmanager}/api/v2/alerts (each with its tenant label); vmalert on http://{VmAlert}, rule files in {Rules}")]
    private partial void LogReady(string alertmanager, string vmAlert, string rules);
}
