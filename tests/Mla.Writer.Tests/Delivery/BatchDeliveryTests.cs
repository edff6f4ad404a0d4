using Microsoft.Extensions.Logging.Abstractions;
using Mla.Writer.Batching;
using Mla.Writer.Delivery;
using Mla.Writer.Sinks;
using Mla.Writer.Tests.Fakes;

namespace Mla.Writer.Tests.Delivery;

public sealed class BatchDeliveryTests
{
    private readonly FakeSink _sink = new();
    private readonly FakeDeadLetters _deadLetters = new();
    private readonly List<TimeSpan> _waits = [];

    [Fact]
    public void An_accepted_batch_is_one_request_and_completes_every_record()
    {
        var completed = new List<long>();
        var batch = Batch("t", completed, ("a", 0), ("b", 1), ("c", 2));

        var result = Deliver(batch);

        Assert.Equal(new DeliveryResult(3, 0, 0), result);
        var request = Assert.Single(_sink.Requests);
        Assert.Equal(3, request.Series.Count);
        Assert.Equal([0L, 1L, 2L], completed);
        Assert.Empty(_waits);
    }

    [Fact]
    public void Retryable_answers_are_retried_with_back_off_and_nothing_completes_before_success()
    {
        var completed = new List<long>();
        var answers = new Queue<SinkResponse>([
            new SinkResponse(SinkOutcome.Retryable, 503, "unavailable"),
            new SinkResponse(SinkOutcome.Retryable, 0, "connection refused"),
            new SinkResponse(SinkOutcome.Retryable, 429, "slow down"),
        ]);
        _sink.Answer = (_, _) =>
        {
            Assert.Empty(completed);
            return answers.TryDequeue(out var answer) ? answer : SinkResponse.Accepted(204);
        };
        var batch = Batch("t", completed, ("a", 0), ("b", 1));

        var result = Deliver(batch);

        Assert.Equal(new DeliveryResult(2, 0, 3), result);
        Assert.Equal(4, _sink.Requests.Count);
        Assert.Equal(3, _waits.Count);
        Assert.All(_waits, w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Equal([0L, 1L], completed);
        Assert.Empty(_deadLetters.Written);
    }

    [Fact]
    public void A_merged_batch_rejected_with_400_is_resent_record_by_record_and_only_the_bad_one_is_dead_lettered()
    {
        var completed = new List<long>();
        _sink.Answer = FakeSink.RejectsName("bad");
        var batch = Batch("t", completed, ("good1", 10), ("bad", 11), ("good2", 12));

        var result = Deliver(batch);

        Assert.Equal(new DeliveryResult(2, 1, 0), result);
        Assert.Equal(4, _sink.Requests.Count);
        Assert.Equal(3, _sink.Requests[0].Series.Count);
        Assert.Equal(["good1", "bad", "good2"], _sink.Requests.Skip(1).Select(r => Name(Assert.Single(r.Series))));
        var dead = Assert.Single(_deadLetters.Written);
        Assert.Equal(11, dead.Position.Offset.Value);
        Assert.Equal(400, dead.Status);
        Assert.Equal("fake", dead.Sink);
        Assert.Contains("out of order", dead.Reason, StringComparison.Ordinal);
        Assert.Equal([10L, 11L, 12L], completed.Order());
    }

    [Fact]
    public void A_record_sent_alone_and_rejected_goes_to_the_dead_letters_without_a_second_try()
    {
        var completed = new List<long>();
        _sink.Answer = FakeSink.RejectsName("bad");

        var result = Deliver(Batch("t", completed, ("bad", 5)));

        Assert.Equal(new DeliveryResult(0, 1, 0), result);
        Assert.Single(_sink.Requests);
        Assert.Equal(5, Assert.Single(_deadLetters.Written).Position.Offset.Value);
        Assert.Equal([5L], completed);
    }

    [Fact]
    public void A_record_that_fails_transiently_while_split_is_retried_not_dead_lettered()
    {
        var completed = new List<long>();
        var calls = 0;
        _sink.Answer = (tenant, series) => ++calls == 3 ? new SinkResponse(SinkOutcome.Retryable, 503, "busy") : FakeSink.RejectsName("bad")(tenant, series);

        var result = Deliver(Batch("t", completed, ("bad", 0), ("good", 1)));

        Assert.Equal(new DeliveryResult(1, 1, 1), result);
        Assert.Equal(0, Assert.Single(_deadLetters.Written).Position.Offset.Value);
        Assert.Equal([0L, 1L], completed.Order());
    }

    [Fact]
    public void A_dead_letter_topic_that_fails_is_retried_before_the_record_completes()
    {
        var completed = new List<long>();
        _sink.Answer = FakeSink.RejectsName("bad");
        _deadLetters.FailuresLeft = 2;

        Deliver(Batch("t", completed, ("bad", 3)));

        Assert.Single(_deadLetters.Written);
        Assert.Equal(0, _deadLetters.FailuresLeft);
        Assert.Equal([3L], completed);
    }

    [Fact]
    public void Cancelling_during_retries_completes_nothing()
    {
        var completed = new List<long>();
        using var cancel = new CancellationTokenSource();
        _sink.Answer = (_, _) => new SinkResponse(SinkOutcome.Retryable, 503, "down");
        var delivery = Delivery();
        var attempts = 0;

        Assert.Throws<OperationCanceledException>(() => delivery.Deliver(Batch("t", completed, ("a", 0), ("b", 1)), (_, token) =>
        {
            if (++attempts == 5)
            {
                cancel.Cancel();
            }

            token.ThrowIfCancellationRequested();
        }, cancel.Token));

        Assert.Empty(completed);
        Assert.Empty(_deadLetters.Written);
        Assert.Equal(5, _sink.Requests.Count);
    }

    [Fact]
    public void Records_already_done_are_not_sent_again()
    {
        var completed = new List<long>();
        var batch = Batch("t", completed, ("a", 0), ("b", 1));
        batch.Records[0].Complete();

        Deliver(batch);

        Assert.Equal("b", Name(Assert.Single(Assert.Single(_sink.Requests).Series)));
    }

    private static string Name(Mla.TestSupport.VictoriaMetrics.RemoteWriteSeries series) => series.Labels.Single(l => l.Key == "__name__").Value;

    private DeliveryResult Deliver(TenantBatch batch) => Delivery().Deliver(batch, (delay, _) => _waits.Add(delay), CancellationToken.None);

    private BatchDelivery Delivery() =>
        new(_sink, _deadLetters, new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)), TestMetrics.Create(), NullLogger.Instance);

    private static TenantBatch Batch(string tenant, List<long> completed, params (string Name, long Offset)[] records)
    {
        var batch = new TenantBatch(tenant, 0);
        foreach (var (name, offset) in records)
        {
            batch.Add(Records.Held(tenant, offset, name, onComplete: () => completed.Add(offset)));
        }

        return batch;
    }
}
