using System.Globalization;

namespace Mla.Benchmarks.Load;

/// <summary>Reads one series from a Prometheus text exposition (a <c>/metrics</c> page).</summary>
internal static class PrometheusText
{
    /// <summary>The value of the first series named <paramref name="name"/> that has every <c>label="value"</c> pair; 0 when absent.</summary>
    public static double Value(string exposition, string name, params string[] labels)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length <= name.Length || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var series = line[..space];
            if (labels.All(label => series.Contains(label, StringComparison.Ordinal)))
            {
                return double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public static async Task<double> ScrapeAsync(HttpClient http, Uri metricsUrl, string name, params string[] labels) =>
        Value(await http.GetStringAsync(metricsUrl), name, labels);
}
