using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Mla.Certificates;
using Mla.Exporters.Agents;
using Mla.Exporters.Desired;
using Mla.Host.Demo;
using Mla.Hosting.Lifetime;
using Mla.Tenants.Client;

namespace Mla.Host.Embedded;

/// <summary>
/// One real Prometheus in agent mode per demo cluster, as a user cluster would run it: it scrapes MLA's own
/// <c>/metrics</c> and remote-writes to the gateway over mTLS with the client certificate the tenant service issued
/// to that cluster's tenant (fetched from its internal credentials endpoint, as the exporter service will). The
/// credentials are fetched again every minute: a renewed or re-issued certificate (a seed CA rotation) and the seed's
/// CA bundle replace the files, and Prometheus presents the new certificate on its next connection (the gateway
/// closes connections that still present a superseded one).
/// </summary>
internal sealed class DemoAgents(
    IOptions<EmbeddedOptions> options,
    EmbeddedAccess access,
    DevelopmentPki pki,
    GatewayEndpoint gateway,
    IServer server,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    DemoAgentHealth health,
    ILogger<DemoAgents> logger) : BackgroundService
{
    private static readonly TimeSpan CredentialsRefresh = TimeSpan.FromMinutes(1);
    private readonly List<ManagedProcess> _agents = [];
    private readonly Dictionary<string, (string Binary, IReadOnlyList<string> Args)> _renderedRuns = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.WaitUntilStartedAsync(stoppingToken);

        var settings = options.Value;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var scrapeTarget = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal))).Authority;
        var pushUrl = gateway.PushUrl ?? throw new InvalidOperationException("the gateway has no TLS listener for the demo agents");
        using var http = new HttpClient { BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal))) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", access.InternalToken);
        foreach (var (clusterId, _, _, _) in DemoFleet.Clusters)
        {
            var directory = Path.GetFullPath(Path.Combine(settings.StateDirectory, "agents", clusterId));
            Directory.CreateDirectory(directory);
            await WriteCredentialsAsync(http, clusterId, directory, waitUntilReady: true, stoppingToken);
            if (configuration["Mla:Exporters:RenderDirectory"] is { Length: > 0 } rendered)
            {
                // The exporters render this cluster's manifests: run the rendered metrics agent (vmagent) itself.
                var seed = DemoFleet.Clusters.Single(c => c.Id == clusterId).Seed;
                var run = await RenderedRunAsync(Path.Combine(rendered, seed, clusterId), directory, scrapeTarget, pushUrl, stoppingToken);
                _renderedRuns[clusterId] = (settings.Agents.VmAgentBinary, run.Args);
                StartRendered(clusterId);
                continue;
            }

            var config = Path.Combine(directory, "prometheus.yml");
            await File.WriteAllTextAsync(config, AgentConfig(clusterId, directory, scrapeTarget, pushUrl, settings.Agents.ScrapeInterval), stoppingToken);
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
            "Read path: each demo tenant's read token is in {Directory}/<tenant> (curl -H \"Authorization: Bearer $(cat {Directory}/<tenant>)\" .../prometheus/api/v1/query?query=up)",
            Path.GetFullPath(Path.Combine(settings.StateDirectory, "read-tokens")),
            Path.GetFullPath(Path.Combine(settings.StateDirectory, "read-tokens")));
        logger.LogInformation(
            "{Count} demo agents scrape {Target} and remote-write to {PushUrl} with the client certificate the tenant service issued to their cluster",
            _agents.Count, scrapeTarget, pushUrl);

        // Renewed and re-issued certificates reach the agents' files; Prometheus reads them again for new connections.
        using var timer = new PeriodicTimer(CredentialsRefresh);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (clusterId, _, _, _) in DemoFleet.Clusters)
            {
                // A demo cluster deleted by hand has no credentials any more: its agent keeps the files it has (and is refused).
                var changed = await WriteCredentialsAsync(http, clusterId, Path.GetFullPath(Path.Combine(settings.StateDirectory, "agents", clusterId)), waitUntilReady: false, stoppingToken);
                if (changed && _renderedRuns.ContainsKey(clusterId))
                {
                    // vmagent reads its certificate once (in a cluster the credentials checksum restarts it): restart it.
                    await health.StopAsync(clusterId);
                    StartRendered(clusterId);
                }
            }
        }
    }

    /// <summary>Writes the certificate and key (0600) of the cluster's tenant where the agent reads them, waiting until it is Ready if asked.</summary>
    private async Task<bool> WriteCredentialsAsync(HttpClient http, string clusterId, string directory, bool waitUntilReady, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var warnAfter = TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await http.GetAsync($"/internal/v1/tenants/{clusterId}/credentials", cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var credentials = await response.Content.ReadFromJsonAsync<TenantCredentials>(cancellationToken)
                    ?? throw new InvalidOperationException("the credentials endpoint answered an empty body");
                // Between these two writes a new connection may load a key and certificate that do not match: Prometheus
                // cannot connect then and retries (a connection error is retried, never dropped) until both are new.
                var changed = await WriteIfChangedAsync(Path.Combine(directory, "client.crt"), credentials.CertificatePem, cancellationToken);
                changed |= await WriteIfChangedAsync(Path.Combine(directory, "client.key"), credentials.PrivateKeyPem, cancellationToken);
                // The seed's client CAs (every one trusted now): lets an operator check the certificate with openssl verify.
                changed |= await WriteIfChangedAsync(Path.Combine(directory, "ca.crt"), credentials.CaBundlePem, cancellationToken);
                if (credentials.ReadToken is { } readToken)
                {
                    // The tenant's read token (0600) for the read path: curl -H "Authorization: Bearer $(cat read-tokens/<tenant>)" .../prometheus/api/v1/query
                    var readTokens = Path.GetFullPath(Path.Combine(options.Value.StateDirectory, "read-tokens"));
                    Directory.CreateDirectory(readTokens);
                    await WriteIfChangedAsync(Path.Combine(readTokens, clusterId), readToken, cancellationToken);
                }
                if (changed && !waitUntilReady)
                {
                    logger.LogInformation("Demo cluster {Cluster}: new credentials written for its agent (certificate or CA bundle changed)", clusterId);
                }

                return changed;
            }

            if (!waitUntilReady)
            {
                return false;
            }

            if (waited.Elapsed > warnAfter)
            {
                logger.LogWarning("Still waiting for the credentials of demo cluster {Cluster}: {Status}", clusterId, (int)response.StatusCode);
                warnAfter += TimeSpan.FromSeconds(30);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>Replaces the file in one step (the agent never reads half of it); false when it already holds the content.</summary>
    private static async Task<bool> WriteIfChangedAsync(string path, string content, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && await File.ReadAllTextAsync(path, cancellationToken) == content)
        {
            return false;
        }

        var temporary = path + ".tmp";
        PemFiles.WriteSecret(temporary, content);
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    /// <summary>
    /// Waits for the cluster's rendered folder, then makes its metrics agent runnable here: only the scrape target
    /// (MLA's own /metrics), the file paths (this folder; the gateway's development CA), the listen address and the
    /// push URL differ from what the cluster would run.
    /// </summary>
    private async Task<LocalAgentRun> RenderedRunAsync(string folder, string directory, string scrapeTarget, Uri pushUrl, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Directory.Exists(folder) || !Directory.EnumerateFiles(folder, "*-statefulset-" + AgentComponents.MetricsAgent + ".yaml").Any())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                logger.LogWarning("Still waiting for the exporters to render {Folder}", folder);
                waited.Restart();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        var paths = new LocalPaths(Path.Combine(directory, "rendered-run"));
        var run = LocalAgentRun.FromRendered(folder, paths, [scrapeTarget], "127.0.0.1:0", pushUrl);
        var args = run.Args.Select(arg =>
            arg.StartsWith("-remoteWrite.tlsCertFile=", StringComparison.Ordinal) ? "-remoteWrite.tlsCertFile=" + Path.Combine(directory, "client.crt")
            : arg.StartsWith("-remoteWrite.tlsKeyFile=", StringComparison.Ordinal) ? "-remoteWrite.tlsKeyFile=" + Path.Combine(directory, "client.key")
            : arg.StartsWith("-remoteWrite.tlsCAFile=", StringComparison.Ordinal) ? "-remoteWrite.tlsCAFile=" + Path.Combine(directory, "ca.crt")
            : arg).Append("-loggerLevel=WARN").ToList();
        paths.CreateDirectories();
        await File.WriteAllTextAsync(run.ConfigPath, run.ConfigText, cancellationToken);
        return run with { Args = args };
    }

    private void StartRendered(string clusterId)
    {
        var (binary, args) = _renderedRuns[clusterId];
        health.Track(clusterId, ManagedProcess.Start($"agent-{clusterId}", binary, args, logger));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await health.DisposeAsync();
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        _agents.Clear();
    }

    private string AgentConfig(string clusterId, string directory, string scrapeTarget, Uri pushUrl, TimeSpan interval)
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
                  cert_file: {Path.Combine(directory, "client.crt")}
                  key_file: {Path.Combine(directory, "client.key")}
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 200ms
                  max_backoff: 5s
            """;
    }
}
