using MassTransit;
using Microsoft.Extensions.Options;
using Mla.Contracts.Agents;
using Mla.Exporters.Desired;
using Mla.Exporters.Fleet;
using Mla.Exporters.Health;
using Mla.Tenants.Client;

namespace Mla.Exporters.Export;

/// <summary>
/// One pass over one cluster: desired state from its record, its tenant's credentials and limits and what the cluster
/// runs; then apply (or remove) through the target; then its status on the board, published when it changed.
/// </summary>
public sealed class ClusterExporter(
    IOptions<ExportersOptions> options,
    FleetState fleet,
    IAgentTarget target,
    ICredentialsSource credentials,
    HealthBoard health,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ClusterExporter> logger)
{
    /// <summary>Works on the cluster; returns false when it could not be reached (the caller backs off).</summary>
    public async Task<bool> ExportAsync(string clusterId, CancellationToken cancellationToken)
    {
        var record = fleet.Get(clusterId);
        if (record?.Seed is not { } seed)
        {
            return true;
        }

        try
        {
            if (!record.Wanted)
            {
                var removed = await target.RemoveAsync(seed, clusterId, cancellationToken);
                await ReportAsync(clusterId, seed, removed.Status, removed.Reason, new Dictionary<string, string>(), cancellationToken);
                fleet.Forget(clusterId);
                return true;
            }

            TenantCredentials? issued;
            try
            {
                issued = await credentials.GetAsync(clusterId, cancellationToken);
            }
            catch (TenantsApiException ex)
            {
                await ReportAsync(clusterId, seed, AgentStatus.Pending, "the tenant service could not be asked for credentials: " + ex.Message, new Dictionary<string, string>(), cancellationToken);
                return false;
            }

            if (issued is null)
            {
                await ReportAsync(clusterId, seed, AgentStatus.Pending, "waiting for the tenant's credentials", new Dictionary<string, string>(), cancellationToken);
                return true;
            }

            var gateway = GatewayFor(seed, issued);
            if (gateway is null)
            {
                await ReportAsync(clusterId, seed, AgentStatus.Degraded, $"no gateway URL for seed '{seed}' (Mla:Exporters:GatewayUrls)", new Dictionary<string, string>(), cancellationToken);
                return true;
            }

            var facts = await target.InspectAsync(seed, clusterId, cancellationToken);
            var spec = Spec(record, seed, issued, gateway, facts);
            var objects = AgentObjects.Build(spec);
            var outcome = await target.ApplyAsync(seed, clusterId, objects, cancellationToken);
            await ReportAsync(clusterId, seed, outcome.Status, outcome.Reason, Images(spec), cancellationToken);
            return true;
        }
        catch (ClusterUnreachableException ex)
        {
            logger.LogWarning("Cluster {Cluster} of seed {Seed} is unreachable: {Reason}", clusterId, seed, ex.Message);
            await ReportAsync(clusterId, seed, AgentStatus.Unreachable, ex.Message, health.Get(clusterId)?.Images ?? new Dictionary<string, string>(), cancellationToken);
            return false;
        }
    }

    /// <summary>The desired state of a cluster (also what the rollouts and the embedded default render).</summary>
    public ClusterAgentsSpec Spec(ClusterRecord record, string seed, TenantCredentials issued, Uri gateway, ClusterFacts facts) =>
        Spec(options.Value, record, seed, issued, gateway, facts,
            services.GetService<Rollouts.RolloutVersions>()?.ImagesFor(record.ClusterId, record.Labels, options.Value.Images));

    /// <summary>
    /// The desired state of a cluster under <paramref name="settings"/> (the service's own, or what <c>make bench</c>
    /// renders), with <paramref name="images"/> where a rollout moved the cluster (else the settings' images).
    /// </summary>
    public static ClusterAgentsSpec Spec(ExportersOptions settings, ClusterRecord record, string seed, TenantCredentials issued, Uri gateway, ClusterFacts facts, AgentImages? images = null)
    {
        return new ClusterAgentsSpec
        {
            ClusterId = record.ClusterId,
            Seed = seed,
            MonitoringEnabled = record.MonitoringEnabled,
            LoggingEnabled = record.LoggingEnabled,
            Profile = settings.ProfileFor(seed, record.Labels),
            MetricsAgent = settings.MetricsAgent,
            LogAgent = settings.LogAgent,
            Images = images ?? settings.Images,
            Credentials = new AgentCredentials(issued.CertificatePem, issued.PrivateKeyPem, issued.CaBundlePem),
            GatewayUrl = gateway,
            Limits = record.Tenant is { } tenant ? AgentLimits.From(tenant.Limits, settings.BytesPerSample) : AgentLimits.None,
            ScrapeInterval = settings.ScrapeInterval,
            NodeExporter = settings.NodeExporter,
            KubeStateMetrics = settings.KubeStateMetrics,
            ClusterHasNodeExporter = facts.HasNodeExporter,
            ClusterHasKubeStateMetrics = facts.HasKubeStateMetrics,
            ExtraScrapeConfigs = facts.ExtraScrapeConfigs,
        };
    }

    public Uri? GatewayFor(string seed, TenantCredentials issued)
    {
        var settings = options.Value;
        var url = settings.GatewayUrls.GetValueOrDefault(seed) ?? settings.GatewayUrl ?? issued.GatewayUrl;
        if (url is null)
        {
            return null;
        }

        // The tenant service names the push URL itself (…/api/v1/push); the agents' paths are appended to the base.
        url = url.TrimEnd('/');
        if (url.EndsWith("/" + Agents.AgentPaths.RemoteWritePath, StringComparison.Ordinal))
        {
            url = url[..^(Agents.AgentPaths.RemoteWritePath.Length + 1)];
        }

        return Uri.TryCreate(url + "/", UriKind.Absolute, out var uri) ? uri : null;
    }

    private static Dictionary<string, string> Images(ClusterAgentsSpec spec)
    {
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        if (spec.MonitoringEnabled)
        {
            images[AgentComponents.MetricsAgent] = spec.MetricsAgent == MetricsAgentKind.VmAgent ? spec.Images.VmAgent : spec.Images.Prometheus;
            if (spec.NodeExporter && !spec.ClusterHasNodeExporter)
            {
                images[AgentComponents.NodeExporter] = spec.Images.NodeExporter;
            }

            if (spec.KubeStateMetrics && !spec.ClusterHasKubeStateMetrics)
            {
                images[AgentComponents.KubeStateMetrics] = spec.Images.KubeStateMetrics;
            }
        }

        if (spec.LoggingEnabled)
        {
            images[AgentComponents.LogAgent] = spec.LogAgent == LogAgentKind.FluentBit ? spec.Images.FluentBit : spec.Images.Alloy;
        }

        return images;
    }

    private async Task ReportAsync(string clusterId, string seed, AgentStatus status, string? reason, IReadOnlyDictionary<string, string> images, CancellationToken cancellationToken)
    {
        var changed = health.Update(clusterId, seed, status, reason, images);
        health.PassCompleted(clusterId);
        if (changed is null)
        {
            return;
        }

        logger.LogInformation("Cluster {Cluster} of seed {Seed}: agents {Status}{Reason}", clusterId, seed, status, reason is null ? "" : " (" + reason + ")");
        if (services.GetService<IBus>() is { } bus)
        {
            await bus.Publish(new ClusterAgentsChanged(NewId.NextGuid().ToString(), "urn:mla:exporters", time.GetUtcNow(), changed), cancellationToken);
        }
    }
}
