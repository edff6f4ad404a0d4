using System.Text;
using Mla.Ingestion.Kafka;

namespace Mla.IntegrationTests.Gateway;

/// <summary>Agents authenticate with client certificates over TLS; the tenant comes from the certificate, never from the client.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayMtlsTests(GatewayKafkaFixture kafka) : IAsyncLifetime
{
    private const string Topic = GatewayKafkaFixture.MtlsTopic;
    private readonly GatewayPki _pki = GatewayPki.Create();
    private GatewayTestApp _app = null!;

    public async Task InitializeAsync() => _app = await GatewayTestApp.StartAsync(kafka.BootstrapServers, Topic, _pki);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _pki.Dispose();
    }

    [Fact]
    public async Task A_client_certificate_push_lands_on_the_topic_keyed_by_its_tenant_with_the_original_body()
    {
        using var certificate = _pki.Client("tenant-a");
        var metric = Bodies.NewMetric();
        var body = Bodies.Valid(3, metric);
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var (status, text, _) = await GatewayTestApp.PushAsync(_app.TlsClient(certificate), new PushRequest(body) { TraceParent = $"00-{traceId}-00f067aa0ba902b7-01" });

        Assert.True(status == 204, $"{status} {text}");
        var records = await TopicRecords.ReadThroughAsync(kafka.BootstrapServers, Topic, metric);
        var record = Assert.Single(records, r => Bodies.MetricNames(r.Message.Value).Contains(metric));
        Assert.Equal("tenant-a", record.Message.Key);
        Assert.Equal(body, record.Message.Value);
        Assert.Equal("tenant-a", Header(record, IngestionHeaders.Tenant));
        Assert.Equal(IngestionHeaders.RemoteWriteV1Format, Header(record, IngestionHeaders.Format));
        Assert.Equal("3", Header(record, IngestionHeaders.Samples));
        Assert.InRange(long.Parse(Header(record, IngestionHeaders.ReceivedAt)!, System.Globalization.CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Contains(traceId, Header(record, IngestionHeaders.TraceParent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_of_A_with_XScopeOrgID_B_is_refused_and_nothing_is_produced()
    {
        using var certificate = _pki.Client("tenant-a");
        var client = _app.TlsClient(certificate);
        var refused = Bodies.NewMetric("refused");

        var (status, text, _) = await GatewayTestApp.PushAsync(client, new PushRequest(Bodies.Valid(1, refused)) { TenantHeader = "tenant-b" });

        Assert.Equal(403, status);
        Assert.Contains("X-Scope-OrgID", text, StringComparison.Ordinal);
        var sentinel = await PushSentinelAsync(client);
        var records = await TopicRecords.ReadThroughAsync(kafka.BootstrapServers, Topic, sentinel);
        Assert.False(records.Carries(refused), "a refused push reached the topic");
        Assert.DoesNotContain(records, r => r.Message.Key == "tenant-b");
    }

    [Fact]
    public async Task Certificates_from_another_CA_and_missing_credentials_get_401_and_a_token_over_TLS_works()
    {
        using var foreign = _pki.Foreign("tenant-a");
        var refused = Bodies.NewMetric("refused");

        var (foreignStatus, foreignText, _) = await GatewayTestApp.PushAsync(_app.TlsClient(foreign), new PushRequest(Bodies.Valid(1, refused)));
        var (anonymousStatus, _, anonymous) = await GatewayTestApp.PushAsync(_app.TlsClient(null), new PushRequest(Bodies.Valid(1, refused)));
        var tokenMetric = Bodies.NewMetric("token");
        var (tokenStatus, tokenText, _) = await GatewayTestApp.PushAsync(_app.TlsClient(null), new PushRequest(Bodies.Valid(1, tokenMetric)) { Bearer = GatewayTestApp.Token });

        Assert.Equal(401, foreignStatus);
        Assert.Contains("not issued by a trusted client CA", foreignText, StringComparison.Ordinal);
        Assert.Equal(401, anonymousStatus);
        Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.True(tokenStatus == 204, $"{tokenStatus} {tokenText}");
        var records = await TopicRecords.ReadThroughAsync(kafka.BootstrapServers, Topic, tokenMetric);
        Assert.Equal("tenant-t", records.Single(r => Bodies.MetricNames(r.Message.Value).Contains(tokenMetric)).Message.Key);
        Assert.False(records.Carries(refused), "a refused push reached the topic");
    }

    private static string? Header(Confluent.Kafka.ConsumeResult<string, byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;

    private static async Task<string> PushSentinelAsync(HttpClient client)
    {
        var sentinel = Bodies.NewMetric("sentinel");
        var (status, text, _) = await GatewayTestApp.PushAsync(client, new PushRequest(Bodies.Valid(1, sentinel)));
        Assert.True(status == 204, $"sentinel: {status} {text}");
        return sentinel;
    }
}
