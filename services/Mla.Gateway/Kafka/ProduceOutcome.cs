namespace Mla.Gateway.Kafka;

/// <summary>
/// Whether Kafka persisted every record of a request (or why not), and <see cref="Settled"/>: completes (never
/// faults) once librdkafka let go of the records, delivered or not — until then their bytes count as in flight.
/// </summary>
public sealed record ProduceOutcome(bool Persisted, string? Failure, Task Settled)
{
    public static ProduceOutcome Success(Task settled) => new(true, null, settled);

    public static ProduceOutcome Failed(string reason, Task settled) => new(false, reason, settled);
}
