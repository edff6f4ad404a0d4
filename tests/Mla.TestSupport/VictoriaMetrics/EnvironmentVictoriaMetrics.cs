using Mla.TestSupport.Servers;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>A VictoriaMetrics named by <c>MLA_TEST_VICTORIAMETRICS=http://host:port</c>. Not ours: it cannot be stopped.</summary>
internal sealed class EnvironmentVictoriaMetrics(Uri baseUri) : EnvironmentInstance("VictoriaMetrics", Variable), IVictoriaMetricsInstance
{
    public const string Variable = "MLA_TEST_VICTORIAMETRICS";

    public Uri BaseUri { get; } = baseUri;

    public override string Description => $"VictoriaMetrics: address from {Variable}, {BaseUri}";

    public static async Task<EnvironmentVictoriaMetrics> ConnectAsync(string address, CancellationToken cancellationToken)
    {
        var instance = new EnvironmentVictoriaMetrics(new Uri(address.EndsWith('/') ? address : address + "/"));
        await WaitUntilReachableAsync(
            $"VictoriaMetrics from {Variable} ({address})",
            ct => VictoriaMetricsHealth.IsHealthyAsync(instance.BaseUri, ct),
            cancellationToken).ConfigureAwait(false);
        return instance;
    }
}
