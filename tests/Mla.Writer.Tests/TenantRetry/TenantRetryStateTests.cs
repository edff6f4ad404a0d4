using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mla.Writer.Batching;
using Mla.Writer.Configuration;
using Mla.Writer.Delivery;
using Mla.Writer.Metrics;
using Mla.Writer.Sinks;
using Mla.Writer.TenantRetry;
using Mla.Writer.Tests.Fakes;

namespace Mla.Writer.Tests.TenantRetry;

public sealed class TenantRetryStateTests
{
    private const string RetryTopic = "mla.metrics.v1.retry";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _clock = new();
    private readonly WriterMetrics _metrics = TestMetrics.Create();
    private readonly List<(string Tenant, long Offset)> _done = [];
    private readonly SinkOptions _options = new() { MaxConcurrentRequests = 4, MaxTenantStall = TimeSpan.FromSeconds(10) };
    private long _nextOffset;

    [Fact]
    public void A_refused_tenant_holds_back_only_its_own_records_while_the_others_are_sent()
    {
        var state = State();
        Queue(state, "a", 2);
        Queue(state, "b", 2);

        var first = state.TakeWork();
        Assert.Equal(["a", "b"], first.Select(w => w.Tenant).Order());
        state.Finished(Refuse(first.Single(w => w.Tenant == "a"), 429));
        state.Finished(Accept(first.Single(w => w.Tenant == "b")));

        Assert.Equal(2, _done.Count(d => d.Tenant == "b"));
        Assert.DoesNotContain(_done, d => d.Tenant == "a");
        Assert.Equal(ConsumptionPause.None, state.MainTopicPause);
        Assert.Equal(1, state.StalledTenants);

        // b's next batch goes out at once; a waits for its back-off.
        Queue(state, "b", 1);
        var second = state.TakeWork();
        Assert.Equal("b", Assert.Single(second).Tenant);
        state.Finished(Accept(second[0]));

        _clock.Advance(MaxBackoff);
        var retry = Assert.Single(state.TakeWork());
        Assert.Equal("a", retry.Tenant);
        Assert.Equal(first.Single(w => w.Tenant == "a").Records, retry.Records);
        state.Finished(Accept(retry));

        Assert.Equal(2, _done.Count(d => d.Tenant == "a"));
        Assert.Equal(0, state.StalledTenants);
        Assert.Equal(0, state.HeldRecords);
        Assert.Equal(0, state.HeldBytes);
    }

    [Fact]
    public void A_tenant_has_one_batch_in_flight_and_its_batches_go_out_in_order()
    {
        var state = State();
        var firstBatch = Queue(state, "a", 2);
        var secondBatch = Queue(state, "a", 2);

        var first = Assert.Single(state.TakeWork());
        Assert.Equal(firstBatch.Records, first.Records);
        Assert.Empty(state.TakeWork());

        state.Finished(Refuse(first, 503));
        _clock.Advance(MaxBackoff);
        var again = Assert.Single(state.TakeWork());
        Assert.Equal(firstBatch.Records, again.Records);
        state.Finished(Accept(again));

        var next = Assert.Single(state.TakeWork());
        Assert.Equal(secondBatch.Records, next.Records);
        state.Finished(Accept(next));
        Assert.Equal(firstBatch.Records.Concat(secondBatch.Records).Select(r => r.Position.Offset.Value), _done.Select(d => d.Offset));
    }

    [Fact]
    public void No_more_than_MaxConcurrentRequests_jobs_are_out_at_once()
    {
        var state = State();
        foreach (var tenant in new[] { "t1", "t2", "t3", "t4", "t5", "t6" })
        {
            Queue(state, tenant, 1);
        }

        var first = state.TakeWork();
        Assert.Equal(4, first.Count);
        Assert.Equal(4, state.InFlight);
        Assert.Empty(state.TakeWork());

        state.Finished(Accept(first[0]));
        var more = Assert.Single(state.TakeWork());
        Assert.DoesNotContain(more.Tenant, first.Select(w => w.Tenant));
        Assert.Equal(4, state.InFlight);
    }

    [Fact]
    public void Tenants_with_queued_batches_take_turns_and_a_busy_one_does_not_always_go_first()
    {
        _options.MaxConcurrentRequests = 1;
        var state = State();
        foreach (var tenant in new[] { "a", "b", "c" })
        {
            Queue(state, tenant, 1);
            Queue(state, tenant, 1);
        }

        var order = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var work = Assert.Single(state.TakeWork());
            order.Add(work.Tenant);
            state.Finished(Accept(work));
        }

        Assert.Equal(["a", "b", "c", "a", "b", "c"], order);
        Assert.Empty(state.TakeWork());
    }

    [Fact]
    public void Tenants_with_nothing_held_are_forgotten_and_a_refused_one_waits_its_back_off_without_blocking_the_others()
    {
        _options.MaxConcurrentRequests = 2;
        var state = State();
        Queue(state, "a", 1);
        Queue(state, "b", 1);
        var first = state.TakeWork();
        state.Finished(Refuse(first.Single(w => w.Tenant == "a"), 429));
        state.Finished(Accept(first.Single(w => w.Tenant == "b")));
        state.Report();
        Assert.Equal(1, state.StalledTenants);
        Assert.Equal(1, state.HeldRecords);

        Queue(state, "c", 1);
        Assert.Equal("c", Assert.Single(state.TakeWork()).Tenant); // a waits its back-off
        Assert.NotNull(state.NextDueIn());

        _clock.Advance(MaxBackoff);
        var retried = Assert.Single(state.TakeWork());
        Assert.Equal("a", retried.Tenant);
        state.Finished(Accept(retried));
        state.Report();
        Assert.Equal(0, state.StalledTenants);
        Assert.Null(state.NextDueIn());
    }

    [Fact]
    public void A_partial_answer_completes_what_was_written_and_retries_the_rest()
    {
        var state = State();
        var batch = Queue(state, "a", 3);
        var work = Assert.Single(state.TakeWork());

        state.Finished(TenantWorkResult.Sent(work, new DeliveryAttempt("a", [batch.Records[0]], [batch.Records[1]], [batch.Records[2]], Refusal(503))));

        Assert.Equal([batch.Records[0].Position.Offset.Value, batch.Records[1].Position.Offset.Value], _done.Select(d => d.Offset));
        _clock.Advance(MaxBackoff);
        Assert.Equal([batch.Records[2]], Assert.Single(state.TakeWork()).Records);
    }

    [Fact]
    public void A_full_memory_budget_pauses_the_partitions_until_records_are_written()
    {
        _options.MaxHeldBytesPerTenant = 12 * 1024; // a record of 800 series holds ~9 KB (its snappy block)
        _options.MaxHeldBytes = 1024 * 1024;
        var state = State();
        var big = Queue(state, "a", 1, series: 800);
        Assert.True(big.Records[0].Bytes < _options.MaxHeldBytesPerTenant, $"a record of {big.Records[0].Bytes} bytes");
        Assert.Equal(ConsumptionPause.None, state.MainTopicPause);

        var more = Queue(state, "a", 1, series: 800);
        Assert.Equal(ConsumptionPause.MemoryBudget, state.MainTopicPause);

        var work = Assert.Single(state.TakeWork());
        state.Finished(Accept(work));
        Assert.Equal(ConsumptionPause.None, state.MainTopicPause);
        Assert.Equal(more.Records[0].Bytes, state.HeldBytes);
    }

    [Fact]
    public void The_total_budget_counts_every_tenant()
    {
        _options.MaxHeldBytesPerTenant = 1024 * 1024;
        _options.MaxHeldBytes = 24 * 1024; // three records of 800 series (~9 KB each) are over it, two are not
        var state = State();
        Queue(state, "a", 1, series: 800);
        Queue(state, "b", 1, series: 800);
        Assert.Equal(ConsumptionPause.None, state.MainTopicPause);

        Queue(state, "c", 1, series: 800);

        Assert.True(state.HeldBytes >= _options.MaxHeldBytes, $"{state.HeldBytes} bytes held");
        Assert.Equal(ConsumptionPause.MemoryBudget, state.MainTopicPause);
    }

    [Fact]
    public void No_answer_at_all_is_the_sink_down_and_pauses_until_an_answer()
    {
        var state = State();
        Queue(state, "a", 1);
        var work = Assert.Single(state.TakeWork());

        state.Finished(Refuse(work, 0));

        Assert.True(state.SinkDown);
        Assert.Equal(ConsumptionPause.SinkDown, state.MainTopicPause);
        _clock.Advance(MaxBackoff);
        state.Finished(Accept(Assert.Single(state.TakeWork())));
        Assert.Equal(ConsumptionPause.None, state.MainTopicPause);
    }

    [Fact]
    public void Every_tenant_refused_is_the_sink_down_but_one_tenant_refused_is_not()
    {
        var state = State();
        Queue(state, "a", 1);
        Queue(state, "b", 1);
        Queue(state, "c", 1);
        var work = state.TakeWork();

        state.Finished(Refuse(work.Single(w => w.Tenant == "a"), 503));
        Assert.False(state.SinkDown);
        state.Finished(Refuse(work.Single(w => w.Tenant == "b"), 503));
        Assert.Equal(ConsumptionPause.SinkDown, state.MainTopicPause);

        state.Finished(Accept(work.Single(w => w.Tenant == "c")));
        Assert.False(state.SinkDown);
        Assert.Equal(ConsumptionPause.None, state.MainTopicPause);
    }

    [Fact]
    public void A_tenant_stalled_longer_than_MaxTenantStall_goes_to_the_retry_topic_and_comes_back_from_it()
    {
        var state = State();
        var held = Queue(state, "a", 3).Records.ToList();
        var a = Assert.Single(state.TakeWork());
        state.Finished(Refuse(a, 429));

        // Other tenants are written meanwhile, so the sink is up; a is refused for longer than MaxTenantStall.
        for (var elapsed = TimeSpan.Zero; elapsed <= _options.MaxTenantStall; elapsed += MaxBackoff)
        {
            _clock.Advance(MaxBackoff);
            Queue(state, "b", 1);
            foreach (var work in state.TakeWork())
            {
                Assert.Equal(TenantWorkKind.Send, work.Kind);
                state.Finished(work.Tenant == "a" ? Refuse(work, 429) : Accept(work));
            }
        }

        Assert.DoesNotContain(_done, d => d.Tenant == "a");
        var move = Assert.Single(state.TakeWork(), w => w.Tenant == "a");
        Assert.Equal(TenantWorkKind.Move, move.Kind);
        Assert.Equal(held, move.Records);
        Assert.Contains("429", move.Reason, StringComparison.Ordinal);
        state.Finished(new TenantWorkResult(move, null, move.Records, null));

        Assert.Equal(3, _done.Count(d => d.Tenant == "a"));
        Assert.Equal(3, _metrics.RecordsMovedToRetryTopic.WithLabels("fake", "a").Value);
        Assert.Equal(1, state.DivertedTenants);

        // While diverted, its new records from the main topic are moved as they come; those read back from the
        // retry topic are sent (and keep the retry topic paused while refused).
        Queue(state, "a", 1);
        var moveAgain = Assert.Single(state.TakeWork());
        Assert.Equal(TenantWorkKind.Move, moveAgain.Kind);
        state.Finished(new TenantWorkResult(moveAgain, null, moveAgain.Records, null));

        var fromRetryTopic = Queue(state, "a", 3, topic: RetryTopic);
        Assert.Equal(ConsumptionPause.TenantStillRefused, state.RetryTopicPause);
        Assert.Equal(ConsumptionPause.None, state.MainTopicPause);
        _clock.Advance(MaxBackoff);
        var resend = Assert.Single(state.TakeWork());
        Assert.Equal(TenantWorkKind.Send, resend.Kind);
        Assert.Equal(fromRetryTopic.Records, resend.Records);
        state.Finished(Accept(resend));

        Assert.Equal(0, state.DivertedTenants);
        Assert.Equal(ConsumptionPause.None, state.RetryTopicPause);
        Queue(state, "a", 1);
        Assert.Equal(TenantWorkKind.Send, Assert.Single(state.TakeWork()).Kind);
    }

    [Fact]
    public void A_sink_down_as_a_whole_moves_nothing_to_the_retry_topic()
    {
        var state = State();
        Queue(state, "a", 1);
        Queue(state, "b", 1);
        for (var elapsed = TimeSpan.Zero; elapsed <= _options.MaxTenantStall * 2; elapsed += MaxBackoff)
        {
            foreach (var work in state.TakeWork())
            {
                Assert.Equal(TenantWorkKind.Send, work.Kind);
                state.Finished(Refuse(work, work.Tenant == "a" ? 0 : 503));
            }

            _clock.Advance(MaxBackoff);
        }

        Assert.Equal(0, state.DivertedTenants);
        Assert.Equal(2, state.StalledTenants);
        Assert.Equal(ConsumptionPause.SinkDown, state.MainTopicPause);
        Assert.Empty(_done);
    }

    [Fact]
    public void Records_the_retry_topic_did_not_take_are_moved_again_later_in_their_order()
    {
        _options.MaxTenantStall = TimeSpan.FromSeconds(1);
        var state = State();
        var held = Queue(state, "a", 3).Records.ToList();
        Queue(state, "b", 1);
        var first = state.TakeWork();
        state.Finished(Accept(first.Single(w => w.Tenant == "b")));
        state.Finished(Refuse(first.Single(w => w.Tenant == "a"), 503));
        _clock.Advance(TimeSpan.FromSeconds(2));

        // Diverted now; its retry comes first (the sink may take it again), refused with Retry-After.
        var probe = Assert.Single(state.TakeWork());
        Assert.Equal(TenantWorkKind.Send, probe.Kind);
        state.Finished(TenantWorkResult.Sent(probe, new DeliveryAttempt("a", [], [], probe.Records, Refusal(429) with { RetryAfter = MaxBackoff })));
        var move = Assert.Single(state.TakeWork());
        Assert.Equal(TenantWorkKind.Move, move.Kind);
        state.Finished(new TenantWorkResult(move, null, [held[0]], "broker down"));

        Assert.Equal([held[0].Position.Offset.Value], _done.Where(d => d.Tenant == "a").Select(d => d.Offset));
        Assert.Empty(state.TakeWork());
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        var again = Assert.Single(state.TakeWork());
        Assert.Equal(TenantWorkKind.Move, again.Kind);
        Assert.Equal(held.Skip(1), again.Records);
    }

    [Fact]
    public void Revoked_records_are_no_longer_held_or_sent()
    {
        var state = State();
        Queue(state, "a", 2, partition: 0);
        Queue(state, "a", 2, partition: 1);

        var removed = state.RemoveWhere(r => r.Position.Partition.Value == 0);

        Assert.Equal(2, removed);
        Assert.Equal(2, state.HeldRecords);
        Assert.All(Assert.Single(state.TakeWork()).Records, r => Assert.Equal(1, r.Position.Partition.Value));
    }

    private TenantRetryState State() =>
        new("fake", RetryTopic, _options, new Backoff(TimeSpan.FromMilliseconds(100), MaxBackoff, () => 1.0), _metrics, _clock, NullLogger.Instance);

    private TenantBatch Queue(TenantRetryState state, string tenant, int records, int partition = 0, int series = 1, string topic = "mla.metrics.v1")
    {
        var batch = new TenantBatch(tenant, _clock.GetTimestamp());
        for (var i = 0; i < records; i++)
        {
            var offset = _nextOffset++;
            var record = Records.Held(tenant, offset, partition: partition, onComplete: () => _done.Add((tenant, offset)), topic: topic, series: series);
            state.Hold(record);
            batch.Add(record);
        }

        state.Enqueue(batch);
        return batch;
    }

    private static SinkResponse Refusal(int status) => new(SinkOutcome.Retryable, status, status == 0 ? "connection refused" : $"HTTP {status}");

    private static TenantWorkResult Accept(TenantWork work) => TenantWorkResult.Sent(work, new DeliveryAttempt(work.Tenant, work.Records, [], [], null));

    private static TenantWorkResult Refuse(TenantWork work, int status) => TenantWorkResult.Sent(work, new DeliveryAttempt(work.Tenant, [], [], work.Records, Refusal(status)));
}
