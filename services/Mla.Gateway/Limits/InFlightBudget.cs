namespace Mla.Gateway.Limits;

/// <summary>
/// Bytes held by requests in progress and by Kafka until acknowledged, bounded by <c>Mla:Gateway:MaxInFlightBytes</c>:
/// a reservation that does not fit fails at once (the request gets 503) instead of queueing.
/// </summary>
public sealed class InFlightBudget(long capacity)
{
    private long _used;

    public long Capacity { get; } = capacity;

    public long Used => Interlocked.Read(ref _used);

    public bool TryReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used + bytes > Capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Interlocked.Add(ref _used, -bytes);
    }
}
