using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Mla.Hosting.Loops;

namespace Mla.Hosting.Tests.Loops;

/// <summary>A supervised loop that throws on its first <see cref="Failures"/> runs, then runs until stopped (or ends, if asked).</summary>
internal sealed class ScriptedLoop(string name, int failures, bool endAfterRun = false)
{
    public string Name { get; } = name;

    public int Failures { get; } = failures;

    public bool EndAfterRun { get; } = endAfterRun;

    public ConcurrentQueue<int> Runs { get; } = new();

    /// <summary>Completed when a run after a failure is running.</summary>
    public TaskCompletionSource RunningAgain { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Service Create(IServiceProvider services) => new(this, services.GetRequiredService<LoopSupervisor>());

    internal sealed class Service(ScriptedLoop script, LoopSupervisor supervisor) : SupervisedLoop(script.Name, supervisor)
    {
        protected override async Task RunAsync(CancellationToken stoppingToken)
        {
            var run = script.Runs.Count + 1;
            script.Runs.Enqueue(run);
            if (run <= script.Failures)
            {
                throw new InvalidOperationException($"run {run} failed");
            }

            if (run > 1)
            {
                script.RunningAgain.TrySetResult();
            }

            if (!script.EndAfterRun)
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
        }
    }
}
