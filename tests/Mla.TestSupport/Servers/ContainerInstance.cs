using DotNet.Testcontainers.Containers;

namespace Mla.TestSupport.Servers;

/// <summary>
/// A server in a container (Testcontainers). Its host ports are chosen free before and bound explicitly, so that a
/// stop and start of the container keeps them (a randomly mapped port would change); the data stays in the
/// container's file system in between. The first start and every start again wait for the same readiness check.
/// </summary>
internal abstract class ContainerInstance(IContainer container) : IRestartableInstance
{
    /// <summary>Generous: the first start may pull the image.</summary>
    protected static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    protected IContainer Container { get; } = container;

    public bool CanRestart => true;

    public abstract string Description { get; }

    public IReadOnlyCollection<int> ProcessIds => [];

    public string? InstancePath => null;

    /// <summary>The readiness failure's diagnostics: where the container's log is.</summary>
    protected string LogHint => "(see the container's log: docker logs " + Container.Id + ")";

    public Task StopAsync(CancellationToken cancellationToken) => Container.StopAsync(cancellationToken);

    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        await Container.StartAsync(cancellationToken).ConfigureAwait(false);

        // The container's own wait strategy may match the previous run's "started" log line: check ourselves.
        await WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => Container.DisposeAsync();

    /// <summary>Starts the container the first time and waits until it is ready; on failure the container is removed.</summary>
    protected static async Task<T> StartAsync<T>(T instance, CancellationToken cancellationToken)
        where T : ContainerInstance
    {
        try
        {
            await instance.Container.StartAsync(cancellationToken).ConfigureAwait(false);
            await instance.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            await instance.OnFirstReadyAsync(cancellationToken).ConfigureAwait(false);
            return instance;
        }
        catch
        {
            await instance.Container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected abstract Task WaitUntilReadyAsync(CancellationToken cancellationToken);

    /// <summary>Runs once after the first start (e.g. asks the server's version); a failure removes the container.</summary>
    protected virtual Task OnFirstReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
