using Confluent.Kafka;
using Mla.Writer.TenantRetry;

namespace Mla.Writer.Consuming;

/// <summary>
/// Keeps the consumer's partitions paused or reading as the retry state asks, per topic (the metrics topic and the
/// retry topic pause for their own reasons); partitions assigned later follow at the next <see cref="Apply"/>.
/// The consumer keeps polling while paused: group membership stays alive, nothing new is read.
/// </summary>
internal sealed class PartitionPauses(string retryTopic)
{
    private readonly HashSet<TopicPartition> _paused = [];
    private bool _assignmentChanged = true;
    private bool _mainPaused;
    private bool _retryPaused;

    public bool AnyPaused => _paused.Count > 0;

    public void AssignmentChanged() => _assignmentChanged = true;

    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        _paused.ExceptWith(partitions);
        _assignmentChanged = true;
    }

    public void Apply(IConsumer<byte[]?, byte[]?> consumer, ConsumptionPause main, ConsumptionPause retry)
    {
        var mainPaused = main != ConsumptionPause.None;
        var retryPaused = retry != ConsumptionPause.None;
        if (!_assignmentChanged && mainPaused == _mainPaused && retryPaused == _retryPaused)
        {
            return;
        }

        _assignmentChanged = false;
        _mainPaused = mainPaused;
        _retryPaused = retryPaused;
        var pause = new List<TopicPartition>();
        var resume = new List<TopicPartition>();
        foreach (var partition in consumer.Assignment)
        {
            var wanted = partition.Topic == retryTopic ? retryPaused : mainPaused;
            if (wanted && _paused.Add(partition))
            {
                pause.Add(partition);
            }
            else if (!wanted && _paused.Remove(partition))
            {
                resume.Add(partition);
            }
        }

        if (pause.Count > 0)
        {
            consumer.Pause(pause);
        }

        if (resume.Count > 0)
        {
            consumer.Resume(resume);
        }
    }
}
