using k8s;

namespace Mla.Webhooks.KkpWatch;

/// <summary>Builds the Kubernetes client of a seed from its kubeconfig file (whose content is never logged).</summary>
public static class SeedClients
{
    public static IKubernetes Create(KkpSeedOptions seed, TimeSpan watchTimeout)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(seed.Kubeconfig, string.IsNullOrEmpty(seed.Context) ? null : seed.Context);
        // A watch stays open up to its timeoutSeconds: the client must not cut it before.
        config.HttpClientTimeout = watchTimeout + TimeSpan.FromSeconds(30);
        return new Kubernetes(config);
    }
}
