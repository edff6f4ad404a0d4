namespace Mla.Gateway.Kafka;

/// <summary>Creates the producer at start (a bad setting fails the start) and flushes it on shutdown, after HTTP stopped.</summary>
internal sealed class IngestionProducerLifetime(IngestionProducer producer) : IHostedService
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = producer.Handle;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.Run(() => producer.Flush(FlushTimeout), CancellationToken.None);
}
