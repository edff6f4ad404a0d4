using Mla.Processes;

namespace Mla.Rules.Checks;

/// <summary>Runs a checking tool (<c>vmalert -dryRun</c>, <c>amtool check-config</c>) and reports its verdict and output.</summary>
internal static class ExternalCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Exit code 0 is valid; anything else is the tool's complaint (its output). A tool that outlives the timeout is killed: <see cref="OperationCanceledException"/>.</summary>
    public static async Task<CheckResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        ProcessRun run;
        try
        {
            run = await ProcessRunner.RunAsync(fileName, arguments, Timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessTimeoutException ex)
        {
            throw new OperationCanceledException(ex.Message, ex);
        }

        return new CheckResult(run.Succeeded, run.Output);
    }
}
