using Mla.Hosting.Options;
using System.ComponentModel.DataAnnotations;

namespace Mla.Exporters.Live;

/// <summary>Section <c>Mla:Exporters:Live</c>: where the kubeconfigs of the user clusters come from, and how long to wait for their APIs.</summary>
public sealed class LiveOptions : IValidatableObject
{
    /// <summary>
    /// <c>Directory</c> (files <c>&lt;cluster-id&gt;.kubeconfig</c>), <c>SeedSecret</c> (KKP's <c>admin-kubeconfig</c>
    /// Secret in the seed) or <c>Dapr</c> (a Dapr secret store, <see cref="Dapr"/>).
    /// </summary>
    public KubeconfigSourceKind KubeconfigSource { get; set; } = KubeconfigSourceKind.SeedSecret;

    public string? KubeconfigDirectory { get; set; }

    [ValidateNested]
    public DaprSecretOptions Dapr { get; set; } = new();

    /// <summary>SeedSecret: the kubeconfig of the seed cluster; empty: the in-cluster service account.</summary>
    public string? SeedKubeconfig { get; set; }

    [Required]
    public string SecretName { get; set; } = "admin-kubeconfig";

    [Required]
    public string SecretKey { get; set; } = "kubeconfig";

    /// <summary>The namespace of a cluster's Secret in the seed; <c>{0}</c> is the cluster id.</summary>
    [Required]
    public string SecretNamespace { get; set; } = "cluster-{0}";

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A workload not ready this long after its last change makes the cluster Degraded.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>While a cluster's agents are Progressing it is checked again this often (besides the resync).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (KubeconfigSource == KubeconfigSourceKind.Directory && string.IsNullOrWhiteSpace(KubeconfigDirectory))
        {
            yield return new ValidationResult("is required with KubeconfigSource Directory", [nameof(KubeconfigDirectory)]);
        }

        if (KubeconfigSource == KubeconfigSourceKind.Dapr && string.IsNullOrWhiteSpace(Dapr.SecretStore))
        {
            yield return new ValidationResult("is required with KubeconfigSource Dapr (the secret store component's name)", [nameof(Dapr) + ":" + nameof(DaprSecretOptions.SecretStore)]);
        }
    }
}
