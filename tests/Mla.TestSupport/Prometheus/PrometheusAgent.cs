using Mla.TestSupport.Servers;

namespace Mla.TestSupport.Prometheus;

/// <summary>
/// A Prometheus 2.42 in agent mode that scrapes the given targets and remote-writes to one receiver: from
/// Testcontainers (<c>prom/prometheus</c>) when a Docker engine answers, else the local Debian package. There is
/// no environment way: an agent's config is the test's own. The first sample leaves it ~6–7 s after the start
/// (WAL replay; see the README).
/// </summary>
public sealed class PrometheusAgent : StartedServer
{
    private readonly IPrometheusAgentInstance _instance;

    private PrometheusAgent(IPrometheusAgentInstance instance, ServerSource source, TimeSpan startupDuration)
        : base(instance, source, startupDuration) =>
        _instance = instance;

    public Uri BaseUri => _instance.BaseUri;

    public static async Task<PrometheusAgent> StartAsync(PrometheusAgentOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (instance, source, duration) = await ServerWays.StartAsync<IPrometheusAgentInstance>(
            async () => await ContainerPrometheusAgent.StartAsync(options, cancellationToken).ConfigureAwait(false),
            async () => await LocalPrometheusAgent.StartAsync(options, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        var agent = new PrometheusAgent(instance, source, duration);
        ServerAnnouncement.Ready(agent.Description, agent.StartupDuration);
        return agent;
    }
}
