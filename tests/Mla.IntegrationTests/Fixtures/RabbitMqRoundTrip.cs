using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;

namespace Mla.IntegrationTests.Fixtures;

/// <summary>Publishes one message with a publisher confirm and gets it back from a queue of its own.</summary>
internal static class RabbitMqRoundTrip
{
    public static async Task AssertAsync(Uri amqpUri)
    {
        var factory = new ConnectionFactory { Uri = amqpUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var queue = $"fixture-check-{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: true, autoDelete: true);
        var body = $"hello {Guid.NewGuid()}";

        // With confirmation tracking the call returns once the broker confirmed the message.
        await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, Encoding.UTF8.GetBytes(body));

        var clock = Stopwatch.StartNew();
        BasicGetResult? result;
        while ((result = await channel.BasicGetAsync(queue, autoAck: true)) is null && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20);
        }

        Assert.NotNull(result);
        Assert.Equal(body, Encoding.UTF8.GetString(result.Body.Span));
    }
}
