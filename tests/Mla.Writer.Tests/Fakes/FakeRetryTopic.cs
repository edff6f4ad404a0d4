using Mla.Writer.Batching;
using Mla.Writer.TenantRetry;

namespace Mla.Writer.Tests.Fakes;

/// <summary>Collects records moved to the retry topic.</summary>
internal sealed class FakeRetryTopic : IRetryTopicWriter
{
    public string Topic => "mla.metrics.v1.retry";

    public List<(HeldRecord Record, string Sink, string Reason)> Moved { get; } = [];

    public RetryTopicMove Move(IReadOnlyList<HeldRecord> records, string sink, string reason, CancellationToken cancellationToken)
    {
        lock (Moved)
        {
            Moved.AddRange(records.Select(r => (r, sink, reason)));
        }

        return new RetryTopicMove(records, null);
    }
}
