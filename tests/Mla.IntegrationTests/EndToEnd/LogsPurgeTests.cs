using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mla.Ingestion.Kafka;
using Mla.IntegrationTests.Gateway;
using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Writer;
using Mla.Tenants;
using Mla.Tenants.Purge;
using Mla.TestSupport.Kafka;
using Mla.TestSupport.Loki;
using Mla.Writer.Sinks;
using Prometheus;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.EndToEnd;

/// <summary>
/// A deprovisioned tenant's logs are gone from both log stores — the file sink and Loki (the push fake with Loki's
/// delete API) — through the tenants service's purge interface (<see cref="ITenantDataPurge"/> over a <c>files</c>
/// and a <c>loki</c> store), while another tenant's stay. The lines got there the real way first: gateway → Kafka →
/// writer (a <c>loki</c> and a <c>file</c> sink).
/// </summary>
public sealed class LogsPurgeTests(ITestOutputHelper output)
{
    private const string Topic = "e2e-logs-purge";
    private const string Purged = "tenant-t";
    private const string Kept = "tenant-u";
    private const string KeptToken = "token-of-tenant-u";
    private const string Selector = "{app=~\".+\"}";
    private const int LinesPerTenant = 30;

    [Fact]
    public async Task A_purged_tenants_logs_are_gone_from_the_file_sink_and_Loki_and_another_tenants_are_intact()
    {
        var files = Directory.CreateTempSubdirectory("mla-logs-purge-").FullName;
        try
        {
            await using var kafka = await KafkaServer.StartAsync([(Topic, 2), (IngestionTopics.DeadLetter(Topic), 1), (IngestionTopics.Retry(Topic), 1)]);
            await using var loki = await LokiPushFake.StartAsync();
            await using var gateway = await GatewayTestApp.StartAsync(kafka.BootstrapServers, "e2e-purge-metrics-unused", pki: null, new()
            {
                ["Mla:Gateway:Kafka:LogsTopic"] = Topic,
                [$"Mla:Gateway:Tenants:{Kept}:TokenSha256"] = GatewayTestApp.Sha256(KeptToken),
            });
            var settings = WriterSettings.For(kafka.BootstrapServers, Topic, loki.PushUrl, ("Type", SinkTypes.Loki), ("TenantPlacement", "header"));
            settings["Mla:Writer:Sinks:files:Type"] = SinkTypes.File;
            settings["Mla:Writer:Sinks:files:Directory"] = files;
            settings["Mla:Writer:Sinks:files:GroupId"] = $"mla-writer-files-{Guid.NewGuid():N}";
            settings["Mla:Writer:Sinks:files:BatchMaxWait"] = "00:00:00.200";
            await using var writer = await WriterTestApp.StartAsync(settings);
            await writer.WaitUntilReadyAsync();

            var sent = new Dictionary<string, List<string>> { [Purged] = [], [Kept] = [] };
            foreach (var (tenant, token) in new[] { (Purged, GatewayTestApp.Token), (Kept, KeptToken) })
            {
                for (var i = 0; i < LinesPerTenant; i += 10)
                {
                    var lines = Enumerable.Range(0, 10).Select(_ => ($"app-{i % 20}", LogBodies.NewMarker(tenant))).ToArray();
                    var (status, text, _) = await GatewayTestApp.PushAsync(gateway.Http, LogBodies.Json(token, lines));
                    Assert.True(status == 204, $"{tenant}: {status} {text}");
                    sent[tenant].AddRange(lines.Select(l => l.Item2));
                }
            }

            foreach (var (tenant, lines) in sent)
            {
                await Eventually.WaitAsync(
                    () => Task.FromResult((Loki: LokiLines(loki, tenant), Files: FileLines(files, tenant))),
                    found => lines.All(found.Loki.Contains) && lines.All(found.Files.Contains),
                    TimeSpan.FromSeconds(90),
                    found => $"{tenant}: {lines.Count(found.Loki.Contains)} of {lines.Count} lines in Loki, {lines.Count(found.Files.Contains)} in the files");
            }

            var purge = PurgeOf(loki, files);
            var result = await purge.PurgeAsync(Purged, CancellationToken.None);
            foreach (var store in result.Stores)
            {
                output.WriteLine($"{store.Store} ({store.Kind}): verified {store.Verified}, {store.Detail}");
            }

            Assert.True(result.Verified, string.Join("; ", result.Stores.Select(s => $"{s.Store}: {s.Detail}")));
            Assert.Equal(["files", "loki"], result.Stores.Select(s => s.Store).Order(StringComparer.Ordinal));
            Assert.Empty(loki.Entries(Purged));
            Assert.False(Directory.Exists(Path.Combine(files, Purged)), "the purged tenant's directory is still in the file sink");
            Assert.Equal((Selector, "processed"), Assert.Single(loki.DeleteRequests(Purged)));

            // The other tenant: every line still in both stores, and no delete request of its own.
            Assert.Subset(LokiLines(loki, Kept), sent[Kept].ToHashSet());
            Assert.Subset(FileLines(files, Kept), sent[Kept].ToHashSet());
            Assert.Empty(loki.DeleteRequests(Kept));

            // Purging again is a verified no-op that follows the processed request.
            var again = await purge.PurgeAsync(Purged, CancellationToken.None);
            Assert.True(again.Verified, string.Join("; ", again.Stores.Select(s => $"{s.Store}: {s.Detail}")));
            Assert.Single(loki.DeleteRequests(Purged));
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    /// <summary>The tenants service's purge, as <c>AddTenantDataPurge</c> registers it, over a loki and a files store.</summary>
    private static ITenantDataPurge PurgeOf(LokiPushFake loki, string files)
    {
        var options = new TenantsOptions
        {
            Purge = new PurgeOptions
            {
                VerifyTimeout = TimeSpan.FromSeconds(30),
                VerifyInterval = TimeSpan.FromMilliseconds(100),
                VerifyQuietPeriod = TimeSpan.Zero,
                Stores =
                {
                    ["loki"] = new PurgeStoreOptions { Kind = PurgeStoreKinds.Loki, Url = loki.BaseUrl.ToString(), Selector = Selector },
                    ["files"] = new PurgeStoreOptions { Kind = PurgeStoreKinds.Files, Directory = files },
                },
            },
        };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IMetricFactory>(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
        services.AddSingleton(Options.Create(options));
        services.AddTenantDataPurge();
        return services.BuildServiceProvider().GetRequiredService<ITenantDataPurge>();
    }

    private static HashSet<string> LokiLines(LokiPushFake loki, string tenant) => loki.Entries(tenant).Select(e => e.Entry.Line).ToHashSet();

    private static HashSet<string> FileLines(string files, string tenant)
    {
        var directory = Path.Combine(files, tenant);
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.jsonl").SelectMany(File.ReadAllLines).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetString()!).ToHashSet()
            : [];
    }
}
