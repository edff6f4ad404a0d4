using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Mla.Benchmarks.Load;

/// <summary>
/// What VictoriaMetrics really stored: raw samples of the workload's series (<c>count_over_time</c>, one query per
/// metric name so that each stays under <c>-search.maxUniqueTimeseries</c>), without its response cache.
/// </summary>
internal static class VictoriaMetricsCount
{
    /// <summary>Polls until the count reaches <paramref name="expected"/> (new samples become searchable after ~1–2 s) or the deadline.</summary>
    public static async Task<long> StoredSamplesAsync(Uri baseUri, int metrics, long expected, TimeSpan deadline)
    {
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        var clock = Stopwatch.StartNew();
        long stored;
        do
        {
            stored = 0;
            for (var metric = 0; metric < metrics; metric++)
            {
                var query = $"sum(count_over_time({RemoteWriteWorkload.MetricName(metric)}[3h]))";
                var uri = new Uri("api/v1/query?nocache=1&query=" + Uri.EscapeDataString(query), UriKind.Relative);
                using var document = JsonDocument.Parse(await http.GetStringAsync(uri));
                foreach (var item in document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
                {
                    stored += long.Parse(item.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                }
            }

            if (stored >= expected)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        while (clock.Elapsed < deadline);

        return stored;
    }
}
