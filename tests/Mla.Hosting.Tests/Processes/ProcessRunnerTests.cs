using System.Diagnostics;
using System.Globalization;
using Mla.Processes;

namespace Mla.Hosting.Tests.Processes;

/// <summary>The shared process runner: arguments passed as they are, output and exit code captured, the whole tree killed on timeout or cancel.</summary>
public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task Captures_standard_output_and_error_and_the_exit_code_with_arguments_passed_verbatim()
    {
        var run = await ProcessRunner.RunAsync("sh", ["-c", "echo \"out $1\"; echo err >&2; exit 3", "sh", "a b; $HOME"], TimeSpan.FromSeconds(60));

        Assert.Equal(3, run.ExitCode);
        Assert.False(run.Succeeded);
        Assert.Contains("out a b; $HOME", run.Output, StringComparison.Ordinal);
        Assert.Contains("err", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_outlives_its_timeout_is_killed_with_its_children()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), "mla-runner-" + Guid.NewGuid().ToString("N"));
        try
        {
            var ex = await Assert.ThrowsAsync<ProcessTimeoutException>(() =>
                ProcessRunner.RunAsync("sh", ["-c", $"sleep 300 & echo $! > {pidFile}; echo started; wait"], TimeSpan.FromSeconds(2)));

            Assert.Contains("started", ex.Output, StringComparison.Ordinal);
            await AssertGoneAsync(int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task Cancelling_kills_the_program_and_throws_OperationCanceledException()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), "mla-runner-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var cancel = new CancellationTokenSource();
            var run = ProcessRunner.RunAsync("sh", ["-c", $"sleep 300 & echo $! > {pidFile}; wait"], TimeSpan.FromMinutes(5), cancellationToken: cancel.Token);
            await WaitForAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0);
            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            await AssertGoneAsync(int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    private static async Task AssertGoneAsync(int pid) =>
        await WaitForAsync(() => !File.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal));

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the condition did not hold within 60 s");
            await Task.Delay(50);
        }
    }
}
