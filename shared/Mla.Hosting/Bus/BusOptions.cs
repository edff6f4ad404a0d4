namespace Mla.Hosting.Bus;

/// <summary>Section <c>Mla:Bus</c>: which MassTransit transport carries the integration events.</summary>
public sealed class BusOptions
{
    public const string SectionName = "Mla:Bus";

    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    [Options.ValidateNested]
    public RabbitMqOptions RabbitMq { get; set; } = new();
}
