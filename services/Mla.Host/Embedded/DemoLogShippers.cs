using Mla.Hosting.Lifetime;
using Microsoft.Extensions.Options;
using Mla.Certificates;
using Mla.Host.Demo;
using Mla.Hosting.Loops;
using Mla.Tenants.Client;

namespace Mla.Host.Embedded;

/// <summary>
/// One real syslog-ng per demo cluster, as a user cluster's log agent: a generated source, and an <c>http()</c>
/// destination pushing Loki push JSON to the gateway's <c>/loki/api/v1/push</c> with the bearer token the tenant
/// service issued to that cluster's tenant (fetched from its internal credentials endpoint, as the demo metrics
/// agents fetch their certificates). The embedded logs writer puts the lines under
/// <c>&lt;StateDirectory&gt;/logs/&lt;tenant&gt;/</c>. Each syslog-ng is a supervised child
/// (<see cref="SupervisedChild"/>, loop <c>log-shipper-&lt;cluster&gt;</c>): restarted with back-off when it dies,
/// stopped with the host.
/// </summary>
internal sealed class DemoLogShippers(
    IOptions<EmbeddedOptions> options,
    EmbeddedAccess access,
    DevelopmentPki pki,
    GatewayEndpoint gateway,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    LoopSupervisor supervisor,
    ILogger<DemoLogShippers> logger) : BackgroundService
{
    /// <summary>The supervised loop of a demo cluster's shipper (<c>mla_loop_restarts_total{loop}</c>, <c>/readyz</c>).</summary>
    public static string LoopName(string clusterId) => $"log-shipper-{clusterId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.WaitUntilStartedAsync(stoppingToken);
        var settings = options.Value;
        var pushUrl = gateway.PushUrl ?? throw new InvalidOperationException("the gateway has no TLS listener for the demo log shippers");
        var lokiPushUrl = new Uri(pushUrl, "/loki/api/v1/push");
        var tenantsUrl = configuration["Mla:Gateway:TenantService:Url"] ?? throw new InvalidOperationException("the tenant service's URL is unknown");
        using var http = new HttpClient { BaseAddress = new Uri(tenantsUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", access.InternalToken);
        var shippers = new List<Task>();
        foreach (var (clusterId, _, _, _) in DemoFleet.Clusters)
        {
            var token = await BearerTokenAsync(http, clusterId, stoppingToken);
            var directory = Path.GetFullPath(Path.Combine(settings.StateDirectory, "log-shippers", clusterId));
            Directory.CreateDirectory(directory);
            var generator = Path.Combine(directory, "generate.sh");
            await File.WriteAllTextAsync(generator, DemoLogShipperConfig.GeneratorScript(clusterId, settings.Logs.LineInterval), stoppingToken);
            var configPath = Path.Combine(directory, "syslog-ng.conf");
            PemFiles.WriteSecret(configPath, DemoLogShipperConfig.Config(clusterId, generator, lokiPushUrl, pki.CaCertificatePath, token));
            shippers.Add(SupervisedChild.RunAsync(supervisor, LoopName(clusterId), () => Start(clusterId, directory, configPath), stoppingToken));
        }

        logger.LogInformation(
            "{Count} demo log shippers (syslog-ng) push to {PushUrl} with their tenant's bearer token; the lines land in {Directory}/<tenant>/",
            shippers.Count, lokiPushUrl, settings.LogsDirectory);
        await Task.WhenAll(shippers);
    }

    /// <summary>One demo cluster's syslog-ng, in the foreground, with its own persist file, pid file and control socket.</summary>
    private ManagedProcess Start(string clusterId, string directory, string configPath) => ManagedProcess.Start(
        LoopName(clusterId),
        options.Value.Logs.SyslogNgBinary,
        ["-F", "-f", configPath, $"--persist-file={Path.Combine(directory, "syslog-ng.persist")}", $"--pidfile={Path.Combine(directory, "syslog-ng.pid")}",
         $"--control={Path.Combine(directory, "syslog-ng.ctl")}", "--no-caps"],
        logger);

    /// <summary>The tenant's bearer token, waiting until the tenant service has issued it.</summary>
    private async Task<string> BearerTokenAsync(HttpClient http, string clusterId, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var warnAfter = TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await http.GetAsync($"/internal/v1/tenants/{clusterId}/credentials", cancellationToken);
            if (response.IsSuccessStatusCode
                && await response.Content.ReadFromJsonAsync<TenantCredentials>(cancellationToken) is { BearerToken: { Length: > 0 } token })
            {
                return token;
            }

            if (waited.Elapsed > warnAfter)
            {
                logger.LogWarning("Still waiting for the bearer token of demo cluster {Cluster}: {Status}", clusterId, (int)response.StatusCode);
                warnAfter += TimeSpan.FromSeconds(30);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
