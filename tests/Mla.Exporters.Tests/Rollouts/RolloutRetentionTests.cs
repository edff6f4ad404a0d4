using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mla.Exporters.Rollouts;
using Mla.Exporters.Tests.Support;
using Mla.Storage;

namespace Mla.Exporters.Tests.Rollouts;

/// <summary>
/// The retention of stored rollouts on the SQLite store, with a fake clock: finished rollouts (Completed, Halted,
/// Aborted) whose last change is older than the retention go, at the first step and then hourly; Running and Paused
/// ones never, however old; younger finished ones stay.
/// </summary>
public sealed class RolloutRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly ListLogger<RolloutRetention> _log = new();
    private readonly RolloutStore _store;
    private readonly RolloutRetention _retention;

    public RolloutRetentionTests()
    {
        var options = Options.Create(new RolloutOptions { SqlitePath = Path.Combine(_directory.Path, "rollouts.db"), Retention = TimeSpan.FromDays(30) });
        _store = new RolloutStore(SqlDatabase.Create(options.Value), NullLogger<RolloutStore>.Instance);
        _retention = new RolloutRetention(_store, options, _time, _log);
    }

    [Fact]
    public async Task Finished_rollouts_past_the_retention_are_deleted_at_the_first_step_and_running_or_paused_ones_never()
    {
        await _store.MigrateAsync(CancellationToken.None);
        await AddAsync("old-completed", "VmAgent", RolloutState.Completed, lastChange: Start.AddDays(-31));
        await AddAsync("old-halted", "FluentBit", RolloutState.Halted, lastChange: Start.AddDays(-45));
        await AddAsync("old-aborted", "NodeExporter", RolloutState.Aborted, lastChange: Start.AddDays(-30).AddMinutes(-1));
        await AddAsync("old-running", "Prometheus", RolloutState.Running, lastChange: Start.AddDays(-400));
        await AddAsync("old-paused", "Alloy", RolloutState.Paused, lastChange: Start.AddDays(-90));
        await AddAsync("young-completed", "VmAgent", RolloutState.Completed, lastChange: Start.AddDays(-29));
        await AddAsync("young-aborted", "KubeStateMetrics", RolloutState.Aborted, lastChange: Start.AddDays(-30).AddMinutes(1));

        Assert.Equal(3, await _retention.PruneIfDueAsync(CancellationToken.None));

        Assert.Equal(["old-paused", "old-running", "young-aborted", "young-completed"], await IdsAsync());
        Assert.Contains(_log.Lines, l => l.Contains("deleted 3 finished rollouts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_the_first_prune_the_store_is_pruned_again_only_once_an_hour_has_passed()
    {
        await _store.MigrateAsync(CancellationToken.None);
        await AddAsync("young-completed", "VmAgent", RolloutState.Completed, lastChange: Start.AddDays(-30).AddMinutes(90));
        await AddAsync("running", "FluentBit", RolloutState.Running, lastChange: Start.AddDays(-60));

        Assert.Equal(0, await _retention.PruneIfDueAsync(CancellationToken.None));

        // A rollout past the retention appears (another replica finished it long ago): nothing is deleted before the hour is up.
        _time.Advance(TimeSpan.FromMinutes(59));
        await AddAsync("completed-later", "NodeExporter", RolloutState.Completed, lastChange: Start.AddDays(-31));
        Assert.Null(await _retention.PruneIfDueAsync(CancellationToken.None));
        Assert.Equal(["completed-later", "running", "young-completed"], await IdsAsync());

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _retention.PruneIfDueAsync(CancellationToken.None));
        Assert.Equal(["running", "young-completed"], await IdsAsync());

        // Two hours after the start the younger one (changed 30 days minus 90 minutes before it) is past the retention too; the running one stays.
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await _retention.PruneIfDueAsync(CancellationToken.None));
        Assert.Equal(["running"], await IdsAsync());
        _time.Advance(TimeSpan.FromDays(365));
        Assert.Equal(0, await _retention.PruneIfDueAsync(CancellationToken.None));
        Assert.Equal(["running"], await IdsAsync());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private async Task AddAsync(string id, string component, RolloutState state, DateTimeOffset lastChange)
    {
        var rollout = new AgentRollout
        {
            Id = id,
            Component = component,
            Image = "registry.example.com/agent:v2",
            FromImage = "registry.example.com/agent:v1",
            State = state,
            Waves = [new RolloutWave { Index = 0, Percent = 100 }],
            CreatedAt = lastChange.AddHours(-1),
            UpdatedAt = lastChange,
        };
        Assert.Null(await _store.TryCreateAsync(rollout, CancellationToken.None));
    }

    private async Task<List<string>> IdsAsync() =>
        (await _store.ListAsync(CancellationToken.None)).Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
}
