using Microsoft.Extensions.Options;
using Mla.Writer.Configuration;
using Mla.Writer.Delivery;
using Mla.Writer.Metrics;
using Mla.Writer.Sinks;
using Mla.Writer.Tenants;
using Mla.Writer.TenantRetry;

namespace Mla.Writer.Consuming;

/// <summary>The enabled sinks, each with its consume loop.</summary>
public sealed class WriterSinks : IDisposable
{
    private readonly List<IDisposable> _clients = [];

    public WriterSinks(IOptions<WriterOptions> options, WriterMetrics metrics, IDeadLetterWriter deadLetters, IRetryTopicWriter retryTopic, DeletedTenantFilter deletedTenants, TimeProvider time, ILoggerFactory loggers)
    {
        var writer = options.Value;
        var definitions = new Dictionary<string, SinkDefinition>(StringComparer.Ordinal);
        var loops = new List<SinkConsumerLoop>();
        foreach (var (name, sink) in writer.EnabledSinks.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            ISinkClient client;
            if (SinkTypes.IsFile(sink.Type))
            {
                client = new FileSinkClient(name, sink, metrics, time);
            }
            else
            {
                var http = new HttpPushSinkClient(name, sink, metrics);
                _clients.Add(http);
                client = http;
            }

            definitions[name] = new SinkDefinition(name, sink, client);
            var logger = loggers.CreateLogger($"Mla.Writer.Sink.{name}");
            var delivery = new BatchDelivery(client, deadLetters, new Backoff(sink.RetryInitialDelay, sink.RetryMaxDelay), metrics, logger);
            loops.Add(new SinkConsumerLoop(name, sink, writer, delivery, retryTopic, deletedTenants, metrics, time, logger));
        }

        Definitions = definitions;
        Loops = loops;
    }

    public IReadOnlyDictionary<string, SinkDefinition> Definitions { get; }

    public IReadOnlyList<SinkConsumerLoop> Loops { get; }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
