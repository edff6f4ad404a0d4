namespace Mla.Kubernetes.TestServer;

/// <summary>What one kubectl run printed and returned.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with both outputs when kubectl failed; returns this otherwise.</summary>
    public KubectlResult EnsureSuccess() =>
        Succeeded ? this : throw new InvalidOperationException($"kubectl exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
