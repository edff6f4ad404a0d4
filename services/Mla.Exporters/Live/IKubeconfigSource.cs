namespace Mla.Exporters.Live;

/// <summary>The kubeconfig of a user cluster (secret: never log it); null when there is none (yet).</summary>
public interface IKubeconfigSource
{
    Task<string?> GetAsync(string seed, string clusterId, CancellationToken cancellationToken);
}
