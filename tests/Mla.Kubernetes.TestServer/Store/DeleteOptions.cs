namespace Mla.Kubernetes.TestServer.Store;

/// <summary>The parts of <c>DeleteOptions</c> the server honours.</summary>
public sealed record DeleteOptions(string? PropagationPolicy = null, bool DryRun = false, string? PreconditionUid = null, string? PreconditionResourceVersion = null)
{
    public static readonly DeleteOptions Default = new();
}
