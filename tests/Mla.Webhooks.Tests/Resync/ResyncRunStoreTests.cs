using Microsoft.Extensions.Time.Testing;
using Mla.Webhooks.Resync;
using Mla.Webhooks.Tests.Catalog;

namespace Mla.Webhooks.Tests.Resync;

/// <summary>Resync runs and their bound in the catalog database (SQLite file); two stores stand for two replicas.</summary>
public sealed class ResyncRunStoreTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero));
    private TemporaryCatalog _catalog = null!;
    private ResyncRunStore _replicaA = null!;
    private ResyncRunStore _replicaB = null!;

    public async Task InitializeAsync()
    {
        _catalog = await TemporaryCatalog.CreateAsync();
        _replicaA = new ResyncRunStore(_catalog.Database, _clock);
        _replicaB = new ResyncRunStore(_catalog.Database, _clock);
    }

    public async Task DisposeAsync() => await _catalog.DisposeAsync();

    [Fact]
    public async Task A_second_start_while_one_runs_is_busy_and_names_the_running_one()
    {
        var first = await _replicaA.TryStartAsync("api", "pod-a", maxRunning: 1, null, default);
        var second = await _replicaB.TryStartAsync("api", "pod-b", maxRunning: 1, null, default);

        Assert.Equal(ResyncStartOutcome.Started, first.Outcome);
        Assert.Equal(ResyncStartOutcome.Busy, second.Outcome);
        Assert.Equal(first.Run.Id, second.Run.Id);
        Assert.Equal("pod-a", second.Run.Runner);
        Assert.Equal([first.Run.Id], second.RunningIds);
    }

    [Fact]
    public async Task The_bound_is_configurable_and_a_finished_run_frees_its_slot()
    {
        var one = await _replicaA.TryStartAsync("api", "pod-a", maxRunning: 2, null, default);
        var two = await _replicaB.TryStartAsync("api", "pod-b", maxRunning: 2, null, default);
        var three = await _replicaA.TryStartAsync("api", "pod-a", maxRunning: 2, null, default);
        Assert.Equal(ResyncStartOutcome.Started, two.Outcome);
        Assert.Equal(ResyncStartOutcome.Busy, three.Outcome);
        Assert.Equal([one.Run.Id, two.Run.Id], three.RunningIds);

        await _replicaA.FinishAsync(one.Run.Id, ResyncState.Completed, 5, 5, null, default);

        Assert.Equal(ResyncStartOutcome.Started, (await _replicaA.TryStartAsync("api", "pod-a", maxRunning: 2, null, default)).Outcome);
    }

    [Fact]
    public async Task Progress_and_the_end_are_readable_from_another_replica()
    {
        var started = await _replicaA.TryStartAsync("schedule", "pod-a", maxRunning: 1, null, default);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await _replicaA.ReportProgressAsync(started.Run.Id, 1000, 400, default));

        var running = await _replicaB.FindAsync(started.Run.Id, default);
        Assert.Equal(ResyncState.Running, running!.State);
        Assert.Equal((1000, 400), (running.Total, running.Published));
        Assert.Equal("schedule", running.Trigger);
        Assert.Equal(started.Run.StartedAt + TimeSpan.FromSeconds(5), running.UpdatedAt);

        await _replicaA.FinishAsync(started.Run.Id, ResyncState.Failed, 1000, 700, "the message bus did not confirm", default);
        var failed = await _replicaB.FindAsync(started.Run.Id, default);
        Assert.Equal(ResyncState.Failed, failed!.State);
        Assert.Equal(700, failed.Published);
        Assert.Equal("the message bus did not confirm", failed.Error);
        Assert.NotNull(failed.FinishedAt);
        Assert.Null(await _replicaB.FindAsync("nosuchrun", default));
    }

    [Fact]
    public async Task A_run_whose_replica_stopped_reporting_is_marked_failed_and_does_not_block()
    {
        var orphan = await _replicaA.TryStartAsync("api", "pod-a", maxRunning: 1, null, default);
        _clock.Advance(ResyncRunStore.AbandonedAfter - TimeSpan.FromSeconds(1));
        Assert.Equal(ResyncStartOutcome.Busy, (await _replicaB.TryStartAsync("api", "pod-b", maxRunning: 1, null, default)).Outcome);

        _clock.Advance(TimeSpan.FromSeconds(2));
        var next = await _replicaB.TryStartAsync("api", "pod-b", maxRunning: 1, null, default);

        Assert.Equal(ResyncStartOutcome.Started, next.Outcome);
        var failed = await _replicaB.FindAsync(orphan.Run.Id, default);
        Assert.Equal(ResyncState.Failed, failed!.State);
        Assert.Contains("pod-a", failed.Error, StringComparison.Ordinal);
        Assert.False(await _replicaA.ReportProgressAsync(orphan.Run.Id, 10, 1, default));
    }

    [Fact]
    public async Task A_scheduled_start_skips_when_any_replica_started_one_recently()
    {
        var interval = TimeSpan.FromHours(1);
        var first = await _replicaA.TryStartAsync("schedule", "pod-a", 1, interval / 2, default);
        await _replicaA.FinishAsync(first.Run.Id, ResyncState.Completed, 0, 0, null, default);
        _clock.Advance(TimeSpan.FromMinutes(10));

        var skipped = await _replicaB.TryStartAsync("schedule", "pod-b", 1, interval / 2, default);
        Assert.Equal(ResyncStartOutcome.RecentlyRan, skipped.Outcome);
        Assert.Equal(first.Run.Id, skipped.Run.Id);

        _clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(ResyncStartOutcome.Started, (await _replicaB.TryStartAsync("schedule", "pod-b", 1, interval / 2, default)).Outcome);
    }

    [Fact]
    public async Task Only_the_newest_finished_runs_are_kept()
    {
        var first = await _replicaA.TryStartAsync("api", "pod-a", 1, null, default);
        await _replicaA.FinishAsync(first.Run.Id, ResyncState.Completed, 0, 0, null, default);
        for (var i = 0; i < ResyncRunStore.KeepRuns; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            var run = await _replicaA.TryStartAsync("api", "pod-a", 1, null, default);
            await _replicaA.FinishAsync(run.Run.Id, ResyncState.Completed, 0, 0, null, default);
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        await _replicaA.TryStartAsync("api", "pod-a", 1, null, default);

        Assert.Null(await _replicaA.FindAsync(first.Run.Id, default));
    }
}
