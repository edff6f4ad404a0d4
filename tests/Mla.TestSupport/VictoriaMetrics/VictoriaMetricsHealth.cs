using Mla.TestSupport.Processes;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>Readiness of a VictoriaMetrics: <c>GET /health</c> answers 200 "OK".</summary>
internal static class VictoriaMetricsHealth
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static async Task<bool> IsHealthyAsync(Uri baseUri, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri(baseUri, "health"), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    public static Task WaitAsync(string what, Uri baseUri, TimeSpan timeout, ChildProcess? process, Func<string> diagnostics, CancellationToken cancellationToken) =>
        Readiness.WaitAsync(what, ct => IsHealthyAsync(baseUri, ct), timeout, process, diagnostics, cancellationToken);
}
