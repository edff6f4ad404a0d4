using Mla.Writer.Delivery;

namespace Mla.Writer.TenantRetry;

/// <summary>
/// What a job did: for <see cref="TenantWorkKind.Send"/> the sink's answers (<see cref="Attempt"/>, null when the
/// attempt failed with <see cref="Error"/>); for <see cref="TenantWorkKind.Move"/> the records the retry topic
/// acknowledged (the rest failed with <see cref="Error"/>).
/// </summary>
public sealed record TenantWorkResult(TenantWork Work, DeliveryAttempt? Attempt, IReadOnlyList<Batching.HeldRecord> Moved, string? Error)
{
    public static TenantWorkResult Sent(TenantWork work, DeliveryAttempt attempt) => new(work, attempt, [], null);

    public static TenantWorkResult Failed(TenantWork work, string error) => new(work, null, [], error);
}
