using Mla.TestSupport.Kafka;

namespace Mla.IntegrationTests.Gateway;

/// <summary>The broker of the gateway tests with each test class's topic (the mock cannot create topics later).</summary>
public sealed class GatewayKafkaFixture : KafkaFixture
{
    public const string MtlsTopic = "gateway-mtls";
    public const string RejectionTopic = "gateway-rejections";
    public const string LimitsTopic = "gateway-limits";
    public const string LogsTopic = "gateway-logs";

    protected override IReadOnlyList<(string Name, int Partitions)> Topics => [(MtlsTopic, 2), (RejectionTopic, 2), (LimitsTopic, 2), (LogsTopic, 2)];
}
