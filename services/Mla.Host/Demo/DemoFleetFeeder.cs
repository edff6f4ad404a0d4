using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Mla.Hosting.Lifetime;
using Mla.Webhooks.Intake;
using Mla.Webhooks.Signatures;

namespace Mla.Host.Demo;

/// <summary>
/// Once the host listens, sends itself the demo fleet as one signed webhook batch, over HTTP like KKP would, and
/// prints where to look.
/// </summary>
internal sealed class DemoFleetFeeder(
    IServer server,
    IHostApplicationLifetime lifetime,
    WebhookSecret secret,
    IOptions<DemoFleetOptions> options,
    TimeProvider time,
    ILogger<DemoFleetFeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await lifetime.WaitUntilStartedAsync(stoppingToken);

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the host has no HTTP address to send the demo fleet to");
        var baseUri = new Uri(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        var body = DemoFleet.BuildBatch(time.GetUtcNow());
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        for (var attempt = 1; ; attempt++)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(KkpWebhookEndpoint.BatchMediaType);
            using var request = new HttpRequestMessage(HttpMethod.Post, KkpWebhookEndpoint.Route) { Content = content };
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(body, secret.Key));
            using var response = await http.SendAsync(request, stoppingToken);
            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation(
                    "Demo fleet sent as signed webhooks: 2 projects, {Clusters} clusters ({Answer})",
                    DemoFleet.Clusters.Count,
                    await response.Content.ReadAsStringAsync(stoppingToken));
                break;
            }

            logger.LogWarning("Demo fleet webhook answered {Status} (attempt {Attempt}); retrying", (int)response.StatusCode, attempt);
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), time, stoppingToken);
        }

        logger.LogInformation(
            "MLA is up. Look at: {Clusters} (the fleet catalog), {Ready} (readiness), {Metrics} (metrics); send your own events to {Webhook}, signed as the README shows",
            new Uri(baseUri, "/api/v1/clusters"),
            new Uri(baseUri, "/readyz"),
            new Uri(baseUri, "/metrics"),
            new Uri(baseUri, KkpWebhookEndpoint.Route));
    }
}
