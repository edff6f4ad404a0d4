namespace Mla.Exporters.Agents;

/// <summary>
/// Rewrites the in-pod paths of a rendered agent configuration (or command line) to folders on this machine, so that
/// the rendered configuration runs outside a cluster unchanged otherwise (the embedded default, the config checks).
/// </summary>
public sealed class LocalPaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string ServiceAccountDirectory => Path.Combine(Root, "serviceaccount");

    public string ConfigDirectory => Path.Combine(Root, "config");

    public string CredentialsDirectory => Path.Combine(Root, "tls");

    public string BufferDirectory => Path.Combine(Root, "buffer");

    public string Rewrite(string text) => text
        .Replace(AgentPaths.ServiceAccountDirectory, ServiceAccountDirectory, StringComparison.Ordinal)
        .Replace(AgentPaths.ConfigDirectory, ConfigDirectory, StringComparison.Ordinal)
        .Replace(AgentPaths.CredentialsDirectory, CredentialsDirectory, StringComparison.Ordinal)
        .Replace(AgentPaths.BufferDirectory, BufferDirectory, StringComparison.Ordinal);

    public IReadOnlyList<string> Rewrite(IEnumerable<string> args) => args.Select(Rewrite).ToList();

    public void CreateDirectories()
    {
        foreach (var directory in new[] { ServiceAccountDirectory, ConfigDirectory, CredentialsDirectory, BufferDirectory })
        {
            Directory.CreateDirectory(directory);
        }
    }
}
