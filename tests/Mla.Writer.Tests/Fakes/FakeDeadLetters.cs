using Confluent.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.Delivery;

namespace Mla.Writer.Tests.Fakes;

/// <summary>Collects dead-lettered records; can fail the first N writes like an unreachable broker.</summary>
internal sealed class FakeDeadLetters : IDeadLetterWriter
{
    public List<(TopicPartitionOffset Position, string Sink, int Status, string Reason)> Written { get; } = [];

    public int FailuresLeft { get; set; }

    public void Write(HeldRecord record, string sink, int status, string reason) => Write(record.Source, sink, status, reason);

    public void Write(ConsumeResult<byte[]?, byte[]?> record, string sink, int status, string reason)
    {
        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new DeadLetterException("broker unreachable");
        }

        Written.Add((record.TopicPartitionOffset, sink, status, reason));
    }
}
