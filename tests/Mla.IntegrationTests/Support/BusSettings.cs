using System.Globalization;
using Mla.TestSupport.RabbitMq;

namespace Mla.IntegrationTests.Support;

/// <summary>The <c>Mla:Bus</c> settings of a service under test that talks over a real RabbitMQ.</summary>
internal static class BusSettings
{
    public static Dictionary<string, string?> RabbitMq(RabbitMqServer server) => new()
    {
        ["Mla:Bus:Transport"] = "RabbitMq",
        ["Mla:Bus:RabbitMq:Host"] = server.Host,
        ["Mla:Bus:RabbitMq:Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
        ["Mla:Bus:RabbitMq:VirtualHost"] = server.VirtualHost,
        ["Mla:Bus:RabbitMq:Username"] = server.Username,
        ["Mla:Bus:RabbitMq:Password"] = server.Password,
    };
}
