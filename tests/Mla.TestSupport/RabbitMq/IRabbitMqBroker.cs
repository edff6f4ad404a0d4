namespace Mla.TestSupport.RabbitMq;

/// <summary>One of the three ways to have a broker (environment address, container, local package).</summary>
internal interface IRabbitMqBroker : IAsyncDisposable
{
    string Host { get; }

    int Port { get; }

    string Username { get; }

    string Password { get; }

    string VirtualHost { get; }

    Uri? ManagementUri { get; }

    bool CanRestart { get; }

    string Description { get; }

    IReadOnlyCollection<int> ProcessIds { get; }

    string? InstancePath { get; }

    Task StopAsync(CancellationToken cancellationToken);

    Task StartAgainAsync(CancellationToken cancellationToken);
}
