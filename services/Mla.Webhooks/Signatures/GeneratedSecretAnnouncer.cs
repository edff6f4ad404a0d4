namespace Mla.Webhooks.Signatures;

/// <summary>
/// In the embedded default without a configured secret, says once which secret this run generated, so that a
/// newcomer can sign events by hand. A configured secret is never logged.
/// </summary>
internal sealed class GeneratedSecretAnnouncer(WebhookSecret secret, ILogger<GeneratedSecretAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (secret.Generated)
        {
            logger.LogWarning(
                "No webhook secret configured (Mla__Webhooks__Secret); generated one for this run only: {GeneratedWebhookSecret}",
                secret.Value);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
