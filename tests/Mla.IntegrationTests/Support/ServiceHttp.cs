using System.Globalization;
using System.Net;

namespace Mla.IntegrationTests.Support;

/// <summary>What the tests read from a service over HTTP: readiness and single series of <c>/metrics</c>.</summary>
internal static class ServiceHttp
{
    public static async Task WaitUntilReadyAsync(HttpClient http, TimeSpan timeout)
    {
        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                    return (response.StatusCode, await response.Content.ReadAsStringAsync());
                }
                catch (HttpRequestException ex)
                {
                    return ((HttpStatusCode)0, ex.Message);
                }
            },
            r => r.Item1 == HttpStatusCode.OK,
            timeout,
            r => $"/readyz answered {(int)r.Item1}: {r.Item2}");
    }

    /// <summary>The value of one series on /metrics, 0 when it does not exist yet.</summary>
    public static async Task<double> MetricAsync(HttpClient http, string series)
    {
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
