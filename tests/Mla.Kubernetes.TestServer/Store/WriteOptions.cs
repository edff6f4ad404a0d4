namespace Mla.Kubernetes.TestServer.Store;

/// <summary>How a write is made: the field manager it is recorded under, <c>dryRun=All</c>, <c>force</c> (apply only).</summary>
public sealed record WriteOptions(string Manager, bool DryRun = false, bool Force = false)
{
    public static readonly WriteOptions Internal = new("kube-test-server");
}
