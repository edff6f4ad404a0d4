using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Mla.IntegrationTests.Gateway;
using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Tenants;
using Mla.TestSupport.Prometheus;
using Mla.TestSupport.VictoriaMetrics;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.EndToEnd;

/// <summary>
/// A seed CA rotation on real RabbitMQ, the Kafka-protocol broker, a real Prometheus agent and VictoriaMetrics: the
/// agent writes with its tenant's certificate, the seed's CA is rotated, the agent's certificate files are replaced
/// with the re-issued ones (Prometheus reads them for every new connection) and it keeps writing — no sample lost,
/// no gap beyond a few scrape intervals; once the old CA is retired, a certificate it issued is refused with the reason.
/// </summary>
[Collection(TenantsCollection.Name)]
public sealed class SeedCaRotationTests(TenantsBroker rabbit, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(1);
    private VictoriaMetricsServer _victoria = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _victoria = await VictoriaMetricsServer.StartAsync();
        _directory = Directory.CreateTempSubdirectory("mla-ca-rotation-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _victoria.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_agent_keeps_writing_across_a_seed_CA_rotation_and_the_old_CAs_certificate_is_refused_after_it()
    {
        await using var pipeline = await TenantPipeline.StartAsync(rabbit.Server, _victoria, new Dictionary<string, string?>
        {
            ["Mla:Tenants:CaRotation:GracePeriod"] = Grace.ToString("c", CultureInfo.InvariantCulture),
            ["Mla:Tenants:CaRotation:CheckInterval"] = "00:00:00.500",
        });
        var seed = "rot-" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await pipeline.CreateClusterAsync(seed);
        var neighbour = await pipeline.CreateClusterAsync(seed);
        var before = await pipeline.CredentialsAsync(tenant);
        using var oldCertificate = before.Certificate();
        var oldCa = Assert.Single(Bundle(before.ClientCaBundlePem));
        var files = Path.Combine(_directory, tenant);
        var (certFile, keyFile) = before.WriteTo(files);
        var job = "rotation_" + Guid.NewGuid().ToString("N")[..8];
        await using var agent = await PrometheusAgent.StartAsync(new PrometheusAgentOptions
        {
            RemoteWriteUrl = new Uri(pipeline.Gateway.TlsUrl!, "/api/v1/push"),
            ScrapeJobs = [new PrometheusScrapeJob(job, [pipeline.Gateway.HttpUrl.Authority])],
            ScrapeInterval = ScrapeInterval,
            CertFile = certFile,
            KeyFile = keyFile,
            CaFile = pipeline.Pki.CaBundlePath,
        });
        await WaitForSamplesAsync(tenant, job, DateTimeOffset.UtcNow, "before the rotation");

        // Unknown seed → 404; the rotation → 202 with its id; a second one while it runs → 409 naming it.
        Assert.Equal(HttpStatusCode.NotFound, (await pipeline.Tenants.Http.PostAsync(new Uri("/api/v1/seeds/no-such-seed/ca/rotate", UriKind.Relative), null)).StatusCode);
        var clock = Stopwatch.StartNew();
        using var started = await pipeline.Tenants.Http.PostAsync(new Uri($"/api/v1/seeds/{seed}/ca/rotate", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var rotationId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var second = await pipeline.Tenants.Http.PostAsync(new Uri($"/api/v1/seeds/{seed}/ca/rotate", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains(rotationId, await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Every tenant of the seed is re-issued by the new CA; both CAs are trusted meanwhile.
        var draining = await RotationAsync(pipeline, seed, rotationId, "Draining", TimeSpan.FromSeconds(30));
        Assert.Equal((2, 2), (draining.GetProperty("tenantsTotal").GetInt32(), draining.GetProperty("tenantsReissued").GetInt32()));
        var after = await pipeline.CredentialsAsync(tenant);
        using var newCertificate = after.Certificate();
        var bundle = Bundle(after.ClientCaBundlePem);
        Assert.Equal(2, bundle.Count);
        var newCa = bundle.Single(ca => ca.Thumbprint != oldCa.Thumbprint);
        Assert.True(ChainsTo(newCertificate, newCa), "the re-issued certificate chains to the new CA");
        Assert.False(ChainsTo(newCertificate, oldCa), "the re-issued certificate does not chain to the old CA");
        using var neighbourCertificate = (await pipeline.CredentialsAsync(neighbour)).Certificate();
        Assert.True(ChainsTo(neighbourCertificate, newCa), "the neighbour is re-issued too");

        // The exporter's part: once the gateway accepts the new certificate, the agent's files are replaced.
        await Eventually.WaitAsync(
            () => pipeline.PushAsync(newCertificate, Bodies.NewMetric("probe")),
            result => result.Status == 204,
            TimeSpan.FromSeconds(10),
            result => $"the re-issued certificate gets {result.Status} {result.Body}");
        Replace(certFile, after.CertificatePem);
        Replace(keyFile, after.PrivateKeyPem);
        var replacedAt = DateTimeOffset.UtcNow;
        output.WriteLine($"re-issued and files replaced {clock.Elapsed.TotalSeconds:F1} s after the rotation request");

        // After the grace period the old CA's certificates are revoked and the old CA is retired.
        await RotationAsync(pipeline, seed, rotationId, "Completed", Grace + TimeSpan.FromSeconds(30));
        output.WriteLine($"rotation completed {clock.Elapsed.TotalSeconds:F1} s after the request");
        var trustedNow = Bundle(await pipeline.Tenants.Http.GetStringAsync(new Uri($"/api/v1/seeds/{seed}/ca", UriKind.Relative)));
        Assert.Equal([newCa.Thumbprint], trustedNow.Select(ca => ca.Thumbprint));
        var listing = await pipeline.Tenants.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/seeds/{seed}/cas", UriKind.Relative));
        Assert.Equal(
            ["2:Active", "1:Retired"],
            listing.GetProperty("items").EnumerateArray().Select(ca => $"{ca.GetProperty("generation").GetInt32()}:{ca.GetProperty("state").GetString()}"));
        var refused = await Eventually.WaitAsync(
            () => pipeline.PushAsync(oldCertificate, Bodies.NewMetric("old_ca")),
            result => result.Status == 401 && result.Body.Contains("not issued by a trusted client CA", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15),
            result => $"the old CA's certificate gets {result.Status} {result.Body}");
        output.WriteLine($"the old CA's certificate after the rotation: {refused.Body}");

        // The agent writes on with the new certificate, and nothing it sent was refused or lost on the way.
        var completedAt = DateTimeOffset.UtcNow;
        await WaitForSamplesAsync(tenant, job, completedAt.AddSeconds(3), "after the old CA was retired");
        Assert.True(await AgentMetricAsync(agent, "prometheus_remote_storage_samples_total") > 0, "the agent's own metrics are read");
        Assert.Equal(0, await AgentMetricAsync(agent, "prometheus_remote_storage_samples_failed_total"));
        var timestamps = (await _victoria.DistinctSamplesAsync($"up{{job=\"{job}\"}}", extraLabel: $"tenant={tenant}"))
            .Select(s => s.Timestamp).Order().ToList();
        var gap = timestamps.Zip(timestamps.Skip(1), (a, b) => TimeSpan.FromMilliseconds(b - a)).Max();
        output.WriteLine(
            $"{timestamps.Count} samples of up from {DateTimeOffset.FromUnixTimeMilliseconds(timestamps[0]):HH:mm:ss} to {DateTimeOffset.FromUnixTimeMilliseconds(timestamps[^1]):HH:mm:ss}, "
            + $"files replaced {replacedAt:HH:mm:ss}, widest gap {gap.TotalSeconds:F1} s");
        Assert.True(gap <= ScrapeInterval * 5, $"a gap of {gap.TotalSeconds:F1} s in the agent's samples across the rotation");
    }

    private async Task WaitForSamplesAsync(string tenant, string job, DateTimeOffset newerThan, string when) =>
        await Eventually.WaitAsync(
            () => _victoria.DistinctSamplesAsync($"up{{job=\"{job}\"}}", extraLabel: $"tenant={tenant}"),
            samples => samples.Any(s => s.Timestamp > newerThan.ToUnixTimeMilliseconds()),
            TimeSpan.FromSeconds(90),
            samples => $"no sample of job {job} for {tenant} newer than {newerThan:HH:mm:ss} {when} ({samples.Count} in all)");

    private static Task<JsonElement> RotationAsync(TenantPipeline pipeline, string seed, string id, string state, TimeSpan timeout) =>
        Eventually.WaitAsync(
            () => pipeline.Tenants.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/seeds/{seed}/ca/rotations/{id}", UriKind.Relative)),
            rotation => rotation.GetProperty("state").GetString() == state,
            timeout,
            rotation => $"rotation {id} is {rotation.GetProperty("state").GetString()}, not {state}: {rotation}");

    /// <summary>The sum over every series of a metric on the agent's own <c>/metrics</c>; fails when the agent does not export it.</summary>
    private static async Task<double> AgentMetricAsync(PrometheusAgent agent, string name)
    {
        using var http = new HttpClient { BaseAddress = agent.BaseUri };
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var lines = text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .ToList();
        Assert.True(lines.Count > 0, $"the agent exports no {name}");
        return lines.Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static List<X509Certificate2> Bundle(string pem)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return [.. certificates];
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>Replaces a file in one step (as a Secret's projected volume does), so the agent never reads half of it.</summary>
    private static void Replace(string path, string content)
    {
        var temporary = path + ".new";
        Mla.Certificates.PemFiles.WriteSecret(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
