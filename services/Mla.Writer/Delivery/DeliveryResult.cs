namespace Mla.Writer.Delivery;

/// <summary>What one batch delivery did: records written, dead-lettered, and sends that had to be retried.</summary>
public readonly record struct DeliveryResult(int Written, int DeadLettered, int Retries)
{
    public static DeliveryResult operator +(DeliveryResult left, DeliveryResult right) =>
        new(left.Written + right.Written, left.DeadLettered + right.DeadLettered, left.Retries + right.Retries);
}
