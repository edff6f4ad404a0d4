namespace Mla.Webhooks.KkpWatch;

/// <summary><c>Mla:Webhooks:Kkp:Seeds:&lt;seed&gt;</c>: how to reach one seed's Kubernetes API.</summary>
public sealed class KkpSeedOptions
{
    /// <summary>Path of a kubeconfig file for the seed's API server (its content is never logged).</summary>
    public string Kubeconfig { get; set; } = string.Empty;

    /// <summary>The kubeconfig context to use; empty: its current context.</summary>
    public string? Context { get; set; }
}
