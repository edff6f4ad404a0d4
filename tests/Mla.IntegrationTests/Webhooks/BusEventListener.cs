using System.Collections.Concurrent;
using System.Text.Json;
using Mla.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Mla.IntegrationTests.Webhooks;

/// <summary>
/// A plain AMQP consumer (not MassTransit) bound to the exchange of every integration event type, so the tests see
/// exactly what reached the broker. Messages are MassTransit JSON envelopes; <see cref="Received"/> holds them.
/// </summary>
internal sealed class BusEventListener : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly ConcurrentQueue<ReceivedEvent> _received = new();

    private BusEventListener(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public IReadOnlyCollection<ReceivedEvent> Received => _received;

    public static async Task<BusEventListener> StartAsync(Uri amqpUri)
    {
        var connection = await new ConnectionFactory { Uri = amqpUri }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true);
        var types = typeof(IIntegrationEvent).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && typeof(IIntegrationEvent).IsAssignableFrom(t));
        foreach (var type in types)
        {
            // MassTransit's publish topology: one durable fanout exchange per message type, named namespace:type.
            var exchange = $"{type.Namespace}:{type.Name}";
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(queue.QueueName, exchange, string.Empty);
        }

        var listener = new BusEventListener(connection, channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            var messageType = envelope.RootElement.GetProperty("messageType")[0].GetString()!;
            listener._received.Enqueue(new ReceivedEvent(
                messageType[(messageType.LastIndexOf(':') + 1)..],
                delivery.Exchange,
                envelope.RootElement.GetProperty("message").Clone()));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return listener;
    }

    /// <summary>Waits until a received event matches, or fails after the deadline.</summary>
    public async Task<ReceivedEvent> WaitForAsync(Func<ReceivedEvent, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var found = _received.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no matching event arrived; received: {string.Join(", ", _received.Select(r => r.Type))}");
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        _channel.Dispose();
        _connection.Dispose();
    }
}
