namespace Mla.Hosting.Bus;

public enum BusTransport
{
    InMemory,
    RabbitMq,
}
