using MassTransit;
using Microsoft.Extensions.Options;
using Mla.Contracts;
using Prometheus;

namespace Mla.Webhooks.Publishing;

/// <summary>
/// Publishes an integration event and returns only once the broker confirmed it (RabbitMQ publisher confirms), or
/// throws <see cref="BusUnavailableException"/> after <see cref="WebhooksOptions.PublishTimeout"/>.
/// </summary>
public sealed class ConfirmedPublisher(IBus bus, IBusControl busControl, IOptions<WebhooksOptions> options, IMetricFactory metrics)
{
    private readonly Histogram _duration = metrics.CreateHistogram(
        "mla_webhooks_publish_duration_seconds",
        "Time until the broker confirmed an integration event.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });

    public async Task PublishAsync(IIntegrationEvent message, CancellationToken cancellationToken)
    {
        // Fail fast while the bus knows it is disconnected, instead of holding the sender for the whole timeout.
        var health = busControl.CheckHealth();
        if (health.Status == BusHealthStatus.Unhealthy)
        {
            throw new BusUnavailableException($"the message bus is unavailable: {health.Description}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        using var timer = _duration.NewTimer();
        try
        {
            await bus.Publish(message, message.GetType(), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BusUnavailableException($"the message bus did not confirm within {options.Value.PublishTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not BusUnavailableException)
        {
            throw new BusUnavailableException($"the message bus refused the publish: {ex.GetType().Name}", ex);
        }
    }
}
