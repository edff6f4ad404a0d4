using Mla.Writer.Batching;
using Mla.Writer.Sinks;

namespace Mla.Writer.Delivery;

/// <summary>
/// What one attempt to write a tenant's records did: the records written and dead-lettered (counted, not yet
/// completed: the owner of their offsets completes them on its thread), and the records left to send again after
/// <see cref="RetryResponse"/>, a retryable answer; null when the sink answered for every record.
/// </summary>
public sealed record DeliveryAttempt(
    string Tenant,
    IReadOnlyList<HeldRecord> Written,
    IReadOnlyList<HeldRecord> DeadLettered,
    IReadOnlyList<HeldRecord> Remaining,
    SinkResponse? RetryResponse)
{
    public bool Retry => RetryResponse is not null;

    public DeliveryResult Result(int retries) => new(Written.Count, DeadLettered.Count, retries);
}
