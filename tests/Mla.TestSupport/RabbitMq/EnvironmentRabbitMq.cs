using Mla.TestSupport.Processes;

namespace Mla.TestSupport.RabbitMq;

/// <summary>
/// A broker named by <c>MLA_TEST_RABBITMQ=amqp://user:pass@host:port/vhost</c> (and, optionally, its management
/// API by <c>MLA_TEST_RABBITMQ_MANAGEMENT=http://host:15672/</c>). Not ours: it cannot be stopped.
/// </summary>
internal sealed class EnvironmentRabbitMq : IRabbitMqBroker
{
    public const string Variable = "MLA_TEST_RABBITMQ";
    public const string ManagementVariable = "MLA_TEST_RABBITMQ_MANAGEMENT";

    private EnvironmentRabbitMq(Uri amqpUri, Uri? managementUri)
    {
        Host = amqpUri.Host;
        Port = amqpUri.IsDefaultPort || amqpUri.Port < 0 ? 5672 : amqpUri.Port;
        var userInfo = amqpUri.UserInfo.Split(':', 2);
        Username = userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : "guest";
        Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "guest";
        var path = amqpUri.AbsolutePath.TrimStart('/');
        VirtualHost = path.Length > 0 ? Uri.UnescapeDataString(path) : "/";
        ManagementUri = managementUri;
    }

    public string Host { get; }

    public int Port { get; }

    public string Username { get; }

    public string Password { get; }

    public string VirtualHost { get; }

    public Uri? ManagementUri { get; }

    public bool CanRestart => false;

    public string Description => $"RabbitMQ: address from {Variable}, {Host}:{Port} vhost {VirtualHost}";

    public IReadOnlyCollection<int> ProcessIds => [];

    public string? InstancePath => null;

    public static async Task<EnvironmentRabbitMq> ConnectAsync(string amqpUri, CancellationToken cancellationToken)
    {
        var management = Environment.GetEnvironmentVariable(ManagementVariable);
        var broker = new EnvironmentRabbitMq(new Uri(amqpUri), string.IsNullOrWhiteSpace(management) ? null : new Uri(management));
        await Readiness.WaitAsync(
            $"RabbitMQ from {Variable} ({broker.Host}:{broker.Port})",
            ct => TcpProbe.CanConnectAsync(broker.Host, broker.Port, TimeSpan.FromSeconds(2), ct),
            TimeSpan.FromSeconds(30),
            process: null,
            () => "(not started by the tests: no log)",
            cancellationToken).ConfigureAwait(false);
        return broker;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The broker from {Variable} is not the tests' to stop (check CanRestart).");

    public Task StartAgainAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The broker from {Variable} is not the tests' to start (check CanRestart).");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
