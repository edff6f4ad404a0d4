using Microsoft.Extensions.Logging.Abstractions;
using Mla.Writer.Batching;
using Mla.Writer.Configuration;
using Mla.Writer.Delivery;
using Mla.Writer.Sinks;
using Mla.Writer.TenantRetry;
using Mla.Writer.Tests.Fakes;

namespace Mla.Writer.Tests.TenantRetry;

/// <summary>The retry state with real request threads: requests really run side by side, within the limit.</summary>
public sealed class TenantDispatcherTests
{
    [Fact]
    public void Requests_of_different_tenants_run_at_once_up_to_MaxConcurrentRequests_and_all_records_complete()
    {
        var options = new SinkOptions { MaxConcurrentRequests = 3 };
        var sink = new BlockingSink();
        var metrics = TestMetrics.Create();
        var delivery = new BatchDelivery(sink, new FakeDeadLetters(), new Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)), metrics, NullLogger.Instance);
        var state = new TenantRetryState("fake", "retry", options, delivery.Backoff, metrics, TimeProvider.System, NullLogger.Instance);
        using var dispatcher = new TenantDispatcher(state, delivery, new FakeRetryTopic(), options.MaxConcurrentRequests);
        var done = 0;
        for (var t = 0; t < 6; t++)
        {
            var batch = new TenantBatch($"t{t}", 0);
            var record = Records.Held($"t{t}", t, onComplete: () => done++);
            state.Hold(record);
            batch.Add(record);
            dispatcher.Enqueue([batch]);
        }

        dispatcher.Pump();
        Assert.True(SpinWait.SpinUntil(() => sink.Running == 3, TimeSpan.FromSeconds(30)), $"{sink.Running} requests running");
        Assert.Equal(3, state.InFlight);

        sink.Release.Set();
        Assert.True(SpinWait.SpinUntil(() => { dispatcher.Pump(); return done == 6; }, TimeSpan.FromSeconds(30)), $"{done} of 6 records done");
        Assert.Equal(3, sink.MostAtOnce);
        Assert.Equal(0, state.HeldRecords);
    }

    /// <summary>Holds every request until <see cref="Release"/> is set; counts how many ran at once.</summary>
    private sealed class BlockingSink : ISinkClient
    {
        private int _running;
        private int _most;

        public string Name => "fake";

        public ManualResetEventSlim Release { get; } = new();

        public int Running => Volatile.Read(ref _running);

        public int MostAtOnce => Volatile.Read(ref _most);

        public SinkResponse Send(string tenant, byte[] body, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref _most, now);
            Release.Wait(cancellationToken);
            Interlocked.Decrement(ref _running);
            return SinkResponse.Accepted(204);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
