using Microsoft.Extensions.Options;
using Mla.Hosting.Loops;
using Mla.Writer.Configuration;
using Mla.Writer.Tenants;

namespace Mla.Writer.Consuming;

/// <summary>
/// Runs each sink's consume loop on its own long-running thread (librdkafka's consumer calls block), each under the
/// loop supervisor as <c>writer-sink-&lt;name&gt;</c>: a loop that ends with a fatal error is started again (a new
/// consumer, resuming at the committed offsets) after a back-off. Completes when all of them have flushed, committed
/// and closed after the stopping token fired. When tenants are followed, the loops start only once the tenant list
/// was read: before, a record of a deleted tenant would be written.
/// </summary>
internal sealed class WriterBackgroundService : BackgroundService
{
    private readonly WriterSinks _sinks;
    private readonly IOptions<WriterOptions> _options;
    private readonly DeletedTenants _deletedTenants;
    private readonly LoopSupervisor _supervisor;
    private readonly ILogger<WriterBackgroundService> _logger;

    public WriterBackgroundService(
        WriterSinks sinks, IOptions<WriterOptions> options, DeletedTenants deletedTenants, LoopSupervisor supervisor, ILogger<WriterBackgroundService> logger)
    {
        _sinks = sinks;
        _options = options;
        _deletedTenants = deletedTenants;
        _supervisor = supervisor;
        _logger = logger;
        foreach (var loop in sinks.Loops)
        {
            supervisor.Register(LoopName(loop));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_sinks.Loops.Count == 0)
        {
            _logger.LogWarning("No sink is enabled (Mla:Writer:Sinks): the writer consumes nothing");
            return;
        }

        if (_options.Value.Tenants.Enabled)
        {
            try
            {
                await _deletedTenants.WaitUntilLoadedAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }

        await Task.WhenAll(_sinks.Loops.Select(loop => _supervisor.RunAsync(LoopName(loop), token => RunOnOwnThread(loop, token), stoppingToken)));
    }

    private static string LoopName(SinkConsumerLoop loop) => $"writer-sink-{loop.Sink}";

    /// <summary>One run of the loop on its own thread; a run that ended by a fatal error (not by stopping) fails the task.</summary>
    private static Task RunOnOwnThread(SinkConsumerLoop loop, CancellationToken stoppingToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            loop.Run(stoppingToken);
            if (!stoppingToken.IsCancellationRequested && loop.Status.State == SinkConsumerState.Failed)
            {
                done.TrySetException(new InvalidOperationException($"sink {loop.Sink}: {loop.Status.Error}"));
            }
            else
            {
                done.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = $"mla-writer-{loop.Sink}",
        };
        thread.Start();
        return done.Task;
    }
}
