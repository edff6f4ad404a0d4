using Mla.Contracts.Settings;
using Mla.IntegrationTests.Gateway;
using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Tenants;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.EndToEnd;

/// <summary>
/// What the tenant service decides reaches the gateway over RabbitMQ within seconds: renewed certificates (the old one
/// still works until it expires, not after) and new limits (429 for that tenant only).
/// </summary>
[Collection(TenantsCollection.Name)]
public sealed class TenantCredentialsAtTheGatewayTests(TenantsBroker rabbit, ITestOutputHelper output)
{
    [Fact]
    public async Task A_renewed_certificate_works_and_the_old_one_works_until_it_expires_and_not_after()
    {
        // 30 s certificates, renewed at two thirds (20 s) by a check every second: the renewed certificate must reach
        // the gateway (credentials endpoint, RabbitMQ) while the first one is still valid. 15 s certificates left less
        // than 5 s for that, too little on a loaded 2-core CI machine.
        await using var pipeline = await TenantPipeline.StartAsync(rabbit.Server, null, new Dictionary<string, string?>
        {
            ["Mla:Tenants:CertificateLifetime"] = "00:00:30",
            ["Mla:Tenants:RenewalCheckInterval"] = "00:00:01",
        });
        var tenant = await pipeline.CreateClusterAsync();
        using var first = (await pipeline.CredentialsAsync(tenant)).Certificate();
        Assert.Equal(204, (await pipeline.PushAsync(first, Bodies.NewMetric("first"))).Status);

        var renewed = await Eventually.WaitAsync(
            () => pipeline.CredentialsAsync(tenant),
            credentials => !credentials.CertificatePem.Equals(first.ExportCertificatePem(), StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            _ => "the credentials endpoint still hands out the first certificate");
        using var second = renewed.Certificate();
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        await Eventually.WaitAsync(
            () => pipeline.PushAsync(second, Bodies.NewMetric("second")),
            result => result.Status == 204,
            TimeSpan.FromSeconds(30),
            result => $"the renewed certificate gets {result.Status} {result.Body}");
        var beforeExpiry = first.NotAfter.ToUniversalTime() - DateTime.UtcNow;
        Assert.True(beforeExpiry > TimeSpan.FromSeconds(1), $"the first certificate expires in {beforeExpiry}: too late to test it still works");
        // The old certificate still works, and its connection is closed after the answer, so that an agent reconnects
        // with the files it has now; the new certificate's connection stays open.
        var (oldStatus, _, oldResponse) = await GatewayTestApp.PushAsync(pipeline.Gateway.TlsClient(first), new PushRequest(Bodies.Valid(1, Bodies.NewMetric("old_still"))));
        using (oldResponse)
        {
            Assert.Equal(204, oldStatus);
            Assert.True(oldResponse.Headers.ConnectionClose, "a superseded certificate's connection is asked to close");
        }

        var (newStatus, _, newResponse) = await GatewayTestApp.PushAsync(pipeline.Gateway.TlsClient(second), new PushRequest(Bodies.Valid(1, Bodies.NewMetric("new_kept"))));
        using (newResponse)
        {
            Assert.Equal(204, newStatus);
            Assert.NotEqual(true, newResponse.Headers.ConnectionClose);
        }

        await Task.Delay(first.NotAfter.ToUniversalTime() - DateTime.UtcNow + TimeSpan.FromSeconds(1.5));
        var expired = await pipeline.PushAsync(first, Bodies.NewMetric("old_expired"));

        Assert.Equal(401, expired.Status);
        Assert.Contains("expired", expired.Body, StringComparison.Ordinal);
        output.WriteLine($"certificate {first.SerialNumber} renewed by {second.SerialNumber}; after its expiry the old one gets: {expired.Body}");
    }

    [Fact]
    public async Task A_limits_change_reaches_the_gateway_within_seconds_and_other_tenants_are_unaffected()
    {
        await using var pipeline = await TenantPipeline.StartAsync(rabbit.Server, null, []);
        var limited = await pipeline.CreateClusterAsync();
        var other = await pipeline.CreateClusterAsync();
        using var limitedCertificate = (await pipeline.CredentialsAsync(limited)).Certificate();
        using var otherCertificate = (await pipeline.CredentialsAsync(other)).Certificate();
        Assert.Equal(204, (await pipeline.PushAsync(limitedCertificate, Bodies.NewMetric("before"), samples: 100)).Status);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await pipeline.Tenants.Bus.Publish(new MlaSettingsChanged(
            Guid.NewGuid().ToString(),
            "urn:test",
            DateTimeOffset.UtcNow,
            new MlaSettingsState(limited, MonitoringLimits.Defaults with { IngestionRate = 10, IngestionBurstSize = 20 }, LoggingLimits.Defaults),
            null));

        var refused = await Eventually.WaitAsync(
            () => pipeline.PushAsync(limitedCertificate, Bodies.NewMetric("after"), samples: 100),
            result => result.Status == 429,
            TimeSpan.FromSeconds(30),
            result => $"the limited tenant still gets {result.Status}");
        output.WriteLine($"429 {clock.Elapsed.TotalSeconds:F1} s after the settings event: {refused.Body}");
        Assert.Equal(204, (await pipeline.PushAsync(otherCertificate, Bodies.NewMetric("other"), samples: 100)).Status);
        Assert.Equal(204, (await pipeline.PushAsync(limitedCertificate, Bodies.NewMetric("small"), samples: 5)).Status);
    }
}
