using System.Globalization;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary>
/// Known unique samples of one tenant for one test run: <c>mla_writer_it{run, src=tenant, series}</c>, each record a
/// WriteRequest of one series with <c>samplesPerRecord</c> samples at timestamps no other record uses.
/// </summary>
internal sealed class TestSamples
{
    public const string MetricName = "mla_writer_it";

    private TestSamples(string run, string tenant, IReadOnlyList<(byte[] Protobuf, int Samples)> records, IReadOnlySet<(string, long)> expected)
    {
        Run = run;
        Tenant = tenant;
        Records = records;
        Expected = expected;
    }

    public string Run { get; }

    public string Tenant { get; }

    public IReadOnlyList<(byte[] Protobuf, int Samples)> Records { get; }

    /// <summary>(series as VictoriaMetrics exports it, with the tenant label the writer adds, timestamp).</summary>
    public IReadOnlySet<(string Series, long Timestamp)> Expected { get; }

    /// <summary>The selector of this run's series (all tenants).</summary>
    public static string Selector(string run) => $"{{__name__=\"{MetricName}\",run=\"{run}\"}}";

    public static TestSamples Create(string run, string tenant, int records, int samplesPerRecord, int firstRecord = 0, int seriesCount = 5)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds();
        var list = new List<(byte[], int)>();
        var expected = new HashSet<(string, long)>();
        for (var r = firstRecord; r < firstRecord + records; r++)
        {
            var series = (r % seriesCount).ToString(CultureInfo.InvariantCulture);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["__name__"] = MetricName,
                ["run"] = run,
                ["src"] = tenant,
                ["series"] = series,
            };
            var samples = Enumerable.Range(0, samplesPerRecord).Select(j => ((double)r, start + ((long)r * samplesPerRecord) + j)).ToList();
            list.Add((WriteRequestProtobuf.Encode([new RemoteWriteSeries([.. labels], samples)]), samplesPerRecord));
            var key = new ExportedSeries(new Dictionary<string, string>(labels) { ["tenant"] = tenant }, [], []).Key;
            foreach (var (_, timestamp) in samples)
            {
                expected.Add((key, timestamp));
            }
        }

        return new TestSamples(run, tenant, list, expected);
    }

    public static string NewRun() => Guid.NewGuid().ToString("N")[..10];
}
