using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Mla.Host.Demo;

namespace Mla.Host.Embedded;

/// <summary>
/// One real Prometheus in agent mode per demo cluster, as a user cluster would run it: it scrapes MLA's own
/// <c>/metrics</c> and remote-writes to the gateway over mTLS with that cluster's client certificate.
/// </summary>
internal sealed class DemoAgents(
    IOptions<EmbeddedOptions> options,
    DevelopmentPki pki,
    GatewayEndpoint gateway,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<DemoAgents> logger) : BackgroundService
{
    private readonly List<ManagedProcess> _agents = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var settings = options.Value;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var scrapeTarget = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal))).Authority;
        var pushUrl = gateway.PushUrl ?? throw new InvalidOperationException("the gateway has no TLS listener for the demo agents");
        foreach (var (clusterId, _, _, _) in DemoFleet.Clusters)
        {
            var directory = Path.GetFullPath(Path.Combine(settings.StateDirectory, "agents", clusterId));
            Directory.CreateDirectory(directory);
            var config = Path.Combine(directory, "prometheus.yml");
            await File.WriteAllTextAsync(config, AgentConfig(clusterId, scrapeTarget, pushUrl, settings.Agents.ScrapeInterval), stoppingToken);
            _agents.Add(ManagedProcess.Start(
                $"agent-{clusterId}",
                settings.Agents.PrometheusBinary,
                [
                    $"--config.file={config}",
                    "--enable-feature=agent",
                    $"--storage.agent.path={Path.Combine(directory, "wal")}",
                    "--web.listen-address=127.0.0.1:0",
                    "--storage.remote.flush-deadline=1s",
                    "--log.level=warn",
                ],
                logger));
        }

        logger.LogInformation(
            "{Count} Prometheus agents scrape {Target} and remote-write to {PushUrl} with their cluster's client certificate",
            _agents.Count, scrapeTarget, pushUrl);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        _agents.Clear();
    }

    private string AgentConfig(string clusterId, string scrapeTarget, Uri pushUrl, TimeSpan interval)
    {
        var seconds = ((int)interval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        return $"""
            global:
              scrape_interval: {seconds}
              external_labels:
                cluster: {clusterId}
            scrape_configs:
              - job_name: mla
                static_configs:
                  - targets: ["{scrapeTarget}"]
            remote_write:
              - url: {pushUrl}
                tls_config:
                  ca_file: {pki.CaCertificatePath}
                  cert_file: {pki.ClientCertificatePath(clusterId)}
                  key_file: {pki.ClientKeyPath(clusterId)}
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 200ms
                  max_backoff: 5s
            """;
    }
}
