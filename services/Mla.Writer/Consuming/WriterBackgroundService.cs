namespace Mla.Writer.Consuming;

/// <summary>
/// Runs each sink's consume loop on its own long-running thread (librdkafka's consumer calls block), and
/// completes when all of them have flushed, committed and closed after the stopping token fired.
/// </summary>
internal sealed class WriterBackgroundService(WriterSinks sinks, ILogger<WriterBackgroundService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (sinks.Loops.Count == 0)
        {
            logger.LogWarning("No sink is enabled (Mla:Writer:Sinks): the writer consumes nothing");
            return Task.CompletedTask;
        }

        return Task.WhenAll(sinks.Loops.Select(loop => RunOnOwnThread(loop, stoppingToken)));
    }

    private static Task RunOnOwnThread(SinkConsumerLoop loop, CancellationToken stoppingToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            loop.Run(stoppingToken);
            done.TrySetResult();
        })
        {
            IsBackground = true,
            Name = $"mla-writer-{loop.Sink}",
        };
        thread.Start();
        return done.Task;
    }
}
