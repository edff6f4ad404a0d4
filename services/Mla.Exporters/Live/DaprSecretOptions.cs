using System.ComponentModel.DataAnnotations;

namespace Mla.Exporters.Live;

/// <summary>Section <c>Mla:Exporters:Live:Dapr</c>: the kubeconfigs in a Dapr secret store, read through the sidecar.</summary>
public sealed class DaprSecretOptions
{
    /// <summary>The secret store component's name (required with KubeconfigSource <c>Dapr</c>).</summary>
    public string? SecretStore { get; set; }

    /// <summary>The secret of a cluster: <c>{0}</c> is the cluster id, <c>{1}</c> the seed.</summary>
    [Required]
    public string SecretName { get; set; } = "{0}";

    /// <summary>The key inside the secret that holds the kubeconfig.</summary>
    [Required]
    public string SecretKey { get; set; } = "kubeconfig";

    /// <summary>Sent with every request (e.g. <c>namespace</c> for the Kubernetes secret store).</summary>
    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The sidecar's gRPC address; empty: Dapr's own defaults (<c>DAPR_GRPC_ENDPOINT</c>, else <c>http://localhost:50001</c>).</summary>
    public Uri? GrpcEndpoint { get; set; }

    /// <summary>The sidecar's API token; empty: <c>DAPR_API_TOKEN</c> when set. Never logged.</summary>
    public string? ApiToken { get; set; }
}
