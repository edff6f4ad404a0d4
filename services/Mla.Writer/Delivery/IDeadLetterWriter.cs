using Mla.Writer.Batching;

namespace Mla.Writer.Delivery;

/// <summary>Puts a record the sink will never take on the dead-letter topic, with the reason in headers.</summary>
public interface IDeadLetterWriter
{
    /// <summary>Returns once the broker acknowledged the dead-letter record.</summary>
    /// <exception cref="DeadLetterException">The broker did not take it; the caller retries.</exception>
    void Write(HeldRecord record, string sink, int status, string reason);

    /// <summary>The same for a record that could not even be read (no tenant, not a remote-write body).</summary>
    void Write(Confluent.Kafka.ConsumeResult<byte[]?, byte[]?> record, string sink, int status, string reason);
}
