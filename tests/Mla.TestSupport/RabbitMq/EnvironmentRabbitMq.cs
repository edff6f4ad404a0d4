using Mla.TestSupport.Processes;
using Mla.TestSupport.Servers;

namespace Mla.TestSupport.RabbitMq;

/// <summary>
/// A broker named by <c>MLA_TEST_RABBITMQ=amqp://user:pass@host:port/vhost</c> (and, optionally, its management
/// API by <c>MLA_TEST_RABBITMQ_MANAGEMENT=http://host:15672/</c>). Not ours: it cannot be stopped.
/// </summary>
internal sealed class EnvironmentRabbitMq : EnvironmentInstance, IRabbitMqBroker
{
    public const string Variable = "MLA_TEST_RABBITMQ";
    public const string ManagementVariable = "MLA_TEST_RABBITMQ_MANAGEMENT";

    private EnvironmentRabbitMq(Uri amqpUri, Uri? managementUri)
        : base("broker", Variable)
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

    public override string Description => $"RabbitMQ: address from {Variable}, {Host}:{Port} vhost {VirtualHost}";

    /// <summary>True when the broker comes from the environment without a management API to check.</summary>
    public static bool LacksManagementApi =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable))
        && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ManagementVariable));

    public static async Task<EnvironmentRabbitMq> ConnectAsync(string amqpUri, CancellationToken cancellationToken)
    {
        var management = Environment.GetEnvironmentVariable(ManagementVariable);
        var broker = new EnvironmentRabbitMq(new Uri(amqpUri), string.IsNullOrWhiteSpace(management) ? null : new Uri(management));
        await WaitUntilReachableAsync(
            $"RabbitMQ from {Variable} ({broker.Host}:{broker.Port})",
            ct => TcpProbe.CanConnectAsync(broker.Host, broker.Port, TimeSpan.FromSeconds(2), ct),
            cancellationToken).ConfigureAwait(false);
        return broker;
    }
}
