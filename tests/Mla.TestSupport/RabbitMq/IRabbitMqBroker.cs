using Mla.TestSupport.Servers;

namespace Mla.TestSupport.RabbitMq;

/// <summary>One of the three ways to have a broker (environment address, container, local package).</summary>
internal interface IRabbitMqBroker : IRestartableInstance
{
    string Host { get; }

    int Port { get; }

    string Username { get; }

    string Password { get; }

    string VirtualHost { get; }

    Uri? ManagementUri { get; }
}
