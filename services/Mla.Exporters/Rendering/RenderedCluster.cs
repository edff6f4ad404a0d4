namespace Mla.Exporters.Rendering;

/// <summary>What one render of a cluster's folder did: files written (changed or new) and files removed.</summary>
public sealed record RenderedCluster(string Directory, IReadOnlyList<string> Written, IReadOnlyList<string> Removed)
{
    public bool Changed => Written.Count > 0 || Removed.Count > 0;
}
