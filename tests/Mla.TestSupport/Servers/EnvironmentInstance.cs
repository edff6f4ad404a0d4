using Mla.TestSupport.Processes;

namespace Mla.TestSupport.Servers;

/// <summary>A server named by an environment variable. Not ours: it cannot be stopped, and nothing is cleaned up.</summary>
/// <param name="what">Names the server in the refusals ("broker", "VictoriaMetrics").</param>
/// <param name="variable">The environment variable that named it.</param>
internal abstract class EnvironmentInstance(string what, string variable) : IRestartableInstance
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    public bool CanRestart => false;

    public abstract string Description { get; }

    public IReadOnlyCollection<int> ProcessIds => [];

    public string? InstancePath => null;

    public Task StopAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The {what} from {variable} is not the tests' to stop (check CanRestart).");

    public Task StartAgainAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The {what} from {variable} is not the tests' to start (check CanRestart).");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Polls <paramref name="isReachable"/> until it passes, for at most 30 s.</summary>
    protected static Task WaitUntilReachableAsync(string what, Func<CancellationToken, Task<bool>> isReachable, CancellationToken cancellationToken) =>
        Readiness.WaitAsync(what, isReachable, ConnectTimeout, process: null, () => "(not started by the tests: no log)", cancellationToken);
}
