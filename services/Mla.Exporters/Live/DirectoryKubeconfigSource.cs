namespace Mla.Exporters.Live;

/// <summary>Kubeconfigs as files <c>&lt;cluster-id&gt;.kubeconfig</c> in one folder (a mounted Secret, a GitOps checkout).</summary>
public sealed class DirectoryKubeconfigSource(string directory) : IKubeconfigSource
{
    public async Task<string?> GetAsync(string seed, string clusterId, CancellationToken cancellationToken)
    {
        if (clusterId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')) || clusterId.StartsWith('.'))
        {
            return null;
        }

        var path = Path.Combine(directory, clusterId + ".kubeconfig");
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
    }
}
