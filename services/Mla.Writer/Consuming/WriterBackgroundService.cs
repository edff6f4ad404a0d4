using Microsoft.Extensions.Options;
using Mla.Writer.Configuration;
using Mla.Writer.Tenants;

namespace Mla.Writer.Consuming;

/// <summary>
/// Runs each sink's consume loop on its own long-running thread (librdkafka's consumer calls block), and
/// completes when all of them have flushed, committed and closed after the stopping token fired. When tenants are
/// followed, the loops start only once the tenant list was read: before, a record of a deleted tenant would be written.
/// </summary>
internal sealed class WriterBackgroundService(
    WriterSinks sinks,
    IOptions<WriterOptions> options,
    DeletedTenants deletedTenants,
    ILogger<WriterBackgroundService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (sinks.Loops.Count == 0)
        {
            logger.LogWarning("No sink is enabled (Mla:Writer:Sinks): the writer consumes nothing");
            return;
        }

        if (options.Value.Tenants.Enabled)
        {
            try
            {
                await deletedTenants.WaitUntilLoadedAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }

        await Task.WhenAll(sinks.Loops.Select(loop => RunOnOwnThread(loop, stoppingToken)));
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
