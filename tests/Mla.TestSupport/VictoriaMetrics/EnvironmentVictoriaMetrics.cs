namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>A VictoriaMetrics named by <c>MLA_TEST_VICTORIAMETRICS=http://host:port</c>. Not ours: it cannot be stopped.</summary>
internal sealed class EnvironmentVictoriaMetrics(Uri baseUri) : IVictoriaMetricsInstance
{
    public const string Variable = "MLA_TEST_VICTORIAMETRICS";

    public Uri BaseUri { get; } = baseUri;

    public bool CanRestart => false;

    public string Description => $"VictoriaMetrics: address from {Variable}, {BaseUri}";

    public IReadOnlyCollection<int> ProcessIds => [];

    public string? InstancePath => null;

    public static async Task<EnvironmentVictoriaMetrics> ConnectAsync(string address, CancellationToken cancellationToken)
    {
        var instance = new EnvironmentVictoriaMetrics(new Uri(address.EndsWith('/') ? address : address + "/"));
        await VictoriaMetricsHealth.WaitAsync($"VictoriaMetrics from {Variable} ({address})", instance.BaseUri, TimeSpan.FromSeconds(30), null,
            () => "(not started by the tests: no log)", cancellationToken).ConfigureAwait(false);
        return instance;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The VictoriaMetrics from {Variable} is not the tests' to stop (check CanRestart).");

    public Task StartAgainAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The VictoriaMetrics from {Variable} is not the tests' to start (check CanRestart).");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
