using Mla.Writer.Batching;

namespace Mla.Writer.TenantRetry;

/// <summary>Puts the held records of a stalled tenant on the retry topic, to be written from there later.</summary>
public interface IRetryTopicWriter
{
    string Topic { get; }

    /// <summary>Returns once the broker acknowledged (or refused) every record; never throws for a broker failure.</summary>
    RetryTopicMove Move(IReadOnlyList<HeldRecord> records, string sink, string reason, CancellationToken cancellationToken);
}
