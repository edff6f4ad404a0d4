using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mla.Webhooks.Deduplication;
using Mla.Webhooks.Tests.Catalog;

namespace Mla.Webhooks.Tests.Deduplication;

/// <summary>Event ids claimed, completed, released and taken over in the catalog database (SQLite file).</summary>
public sealed class ProcessedEventStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero));
    private TemporaryCatalog _catalog = null!;
    private ProcessedEventStore _store = null!;

    public async Task InitializeAsync()
    {
        _catalog = await TemporaryCatalog.CreateAsync();
        _store = NewStore();
    }

    public async Task DisposeAsync() => await _catalog.DisposeAsync();

    [Fact]
    public async Task A_completed_id_is_a_duplicate_and_a_released_one_can_be_claimed_again()
    {
        var first = await _store.ClaimAsync("e1", default);
        Assert.NotNull(first);
        await _store.CompleteAsync(first, default);
        Assert.Null(await _store.ClaimAsync("e1", default));

        var failed = await _store.ClaimAsync("e2", default);
        await _store.ReleaseAsync(failed!);
        Assert.NotNull(await _store.ClaimAsync("e2", default));
    }

    [Fact]
    public async Task A_second_request_for_a_pending_id_waits_for_its_outcome_and_is_then_a_duplicate()
    {
        // Another replica: its own store object on the same database.
        var claim = await NewStore().ClaimAsync("e3", default);
        var waiting = _store.ClaimAsync("e3", default);
        await NudgeClockAsync(times: 5);
        Assert.False(waiting.IsCompleted, "a pending id was decided before the first request finished");

        await NewStore().CompleteAsync(claim!, default);

        Assert.Null(await CompleteWhileNudgingAsync(waiting));
    }

    [Fact]
    public async Task A_second_request_for_a_pending_id_that_is_released_handles_it_itself()
    {
        var claim = await NewStore().ClaimAsync("e4", default);
        var waiting = _store.ClaimAsync("e4", default);

        await NewStore().ReleaseAsync(claim!);

        var taken = await CompleteWhileNudgingAsync(waiting);
        Assert.NotNull(taken);
        Assert.NotEqual(claim!.Token, taken.Token);
    }

    [Fact]
    public async Task A_claim_whose_replica_died_is_taken_over_after_its_lease()
    {
        var abandoned = await NewStore().ClaimAsync("e5", default);
        var waiting = _store.ClaimAsync("e5", default);
        await NudgeClockAsync(times: 3);
        Assert.False(waiting.IsCompleted);

        _clock.Advance(_store.Lease);
        var taken = await CompleteWhileNudgingAsync(waiting);

        Assert.NotNull(taken);
        // The late original can no longer complete the id: the new holder's outcome decides.
        await NewStore().CompleteAsync(abandoned!, default);
        await _store.ReleaseAsync(taken);
        Assert.NotNull(await _store.ClaimAsync("e5", default));
    }

    [Fact]
    public async Task An_id_older_than_the_window_is_forgotten_and_pruned()
    {
        var claim = await _store.ClaimAsync("old", default);
        await _store.CompleteAsync(claim!, default);
        _clock.Advance(Window + TimeSpan.FromMinutes(2));

        var other = await _store.ClaimAsync("new", default);
        await _store.CompleteAsync(other!, default); // prunes, at most once a minute
        Assert.Equal(1, await CountRowsAsync());

        Assert.NotNull(await _store.ClaimAsync("old", default));
    }

    private ProcessedEventStore NewStore() => new(
        _catalog.Database,
        Options.Create(new WebhooksOptions { Secret = "x", DeduplicationWindow = Window, PublishTimeout = TimeSpan.FromSeconds(10) }),
        _clock,
        NullLogger<ProcessedEventStore>.Instance);

    /// <summary>Moves the fake clock by one poll interval at a time so that a waiting claim looks again.</summary>
    private async Task NudgeClockAsync(int times)
    {
        for (var i = 0; i < times; i++)
        {
            await Task.Delay(20);
            _clock.Advance(ProcessedEventStore.PendingPollInterval);
        }
    }

    private async Task<T> CompleteWhileNudgingAsync<T>(Task<T> task)
    {
        var deadline = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the waiting claim did not finish");
            await NudgeClockAsync(times: 1);
        }

        return await task;
    }

    private async Task<long> CountRowsAsync()
    {
        await using var connection = await _catalog.Database.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM processed_events";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
