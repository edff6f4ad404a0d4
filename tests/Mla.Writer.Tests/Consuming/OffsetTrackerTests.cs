using Confluent.Kafka;
using Mla.Writer.Consuming;

namespace Mla.Writer.Tests.Consuming;

public sealed class OffsetTrackerTests
{
    private static readonly TopicPartition P0 = new("t", 0);
    private static readonly TopicPartition P1 = new("t", 1);

    [Fact]
    public void The_commit_never_passes_a_record_that_is_not_written()
    {
        var tracker = new OffsetTracker();
        tracker.Assigned([P0]);
        var progress = tracker.For(P0);
        Assert.Empty(tracker.ToCommit());

        foreach (var offset in new long[] { 5, 6, 7, 8 })
        {
            progress.Consumed(offset);
        }

        Assert.Equal(5, progress.Committable);
        progress.Done(7);
        progress.Done(8);
        Assert.Equal(5, progress.Committable);
        progress.Done(5);
        Assert.Equal(6, progress.Committable);
        progress.Done(6);
        Assert.Equal(9, progress.Committable);

        var offsets = tracker.ToCommit();
        Assert.Equal(new TopicPartitionOffset(P0, 9), Assert.Single(offsets));
        OffsetTracker.MarkCommitted(tracker.Partitions, offsets);
        Assert.Empty(tracker.ToCommit());
    }

    [Fact]
    public void Revoked_partitions_are_forgotten_and_late_completions_do_not_matter()
    {
        var tracker = new OffsetTracker();
        tracker.Assigned([P0, P1]);
        var old = tracker.For(P1);
        old.Consumed(3);

        var revoked = tracker.Revoke([P1]);

        Assert.Same(old, Assert.Single(revoked));
        Assert.True(old.Revoked);
        old.Done(3);
        Assert.Equal(1, tracker.Count);
        Assert.DoesNotContain(tracker.ToCommit(), o => o.Partition.Value == 1);

        tracker.Assigned([P1]);
        Assert.NotSame(old, tracker.For(P1));
        Assert.Null(tracker.For(P1).Committable);
    }
}
