using Mla.Processes;

namespace Mla.TestSupport.Processes;

/// <summary>Runs a short command to completion (initdb, chown, rabbitmqctl) and returns its output.</summary>
public static class Command
{
    /// <summary>Runs the command; throws with its output when it fails or outlives <paramref name="timeout"/>.</summary>
    public static async Task<string> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var argumentList = arguments.ToList();
        ProcessRun run;
        try
        {
            run = await ProcessRunner.RunAsync(fileName, argumentList, timeout, workingDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessTimeoutException ex)
        {
            throw new ServerStartException($"{fileName} did not finish within {timeout.TotalSeconds:0} s:\n{ex.Output}");
        }

        return run.Succeeded
            ? run.Output
            : throw new ServerStartException($"{fileName} {string.Join(' ', argumentList)} failed with exit code {run.ExitCode}:\n{run.Output}");
    }
}
