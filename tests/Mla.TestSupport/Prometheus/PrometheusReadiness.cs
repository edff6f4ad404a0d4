using Mla.TestSupport.Processes;

namespace Mla.TestSupport.Prometheus;

/// <summary>Readiness of Prometheus (server or agent): <c>GET /-/ready</c> answers 200.</summary>
internal static class PrometheusReadiness
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static Task WaitAsync(string what, Uri baseUri, TimeSpan timeout, ChildProcess? process, Func<string> diagnostics, CancellationToken cancellationToken) =>
        Readiness.WaitAsync(
            what,
            async ct =>
            {
                using var response = await Http.GetAsync(new Uri(baseUri, "-/ready"), ct).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            },
            timeout,
            process,
            diagnostics,
            cancellationToken);
}
