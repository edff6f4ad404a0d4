namespace Mla.Exporters.Rollouts;

/// <summary>
/// Before the export loop starts (hosted services start in order): the rollout schema is brought up to date and the
/// stored rollouts are read, so that the first pass over a cluster after a restart already uses its rollout's image.
/// </summary>
internal sealed class RolloutStartup(RolloutStore store, RolloutEngine engine) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        await engine.LoadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
