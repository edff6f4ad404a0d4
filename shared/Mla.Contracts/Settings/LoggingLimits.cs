namespace Mla.Contracts.Settings;

/// <summary>Per-tenant logs limits; <c>null</c> means the platform default.</summary>
public sealed record LoggingLimits(long? IngestionRate, long? IngestionBurstSize, long? QueryRate, long? QueryBurstSize)
{
    public static LoggingLimits Defaults { get; } = new(null, null, null, null);
}
