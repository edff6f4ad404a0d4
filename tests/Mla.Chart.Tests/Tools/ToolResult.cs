namespace Mla.Chart.Tests.Tools;

/// <summary>What a finished helm or kubectl call left: its exit code and its two output streams.</summary>
public sealed record ToolResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() =>
        $"{CommandLine}\nexit code {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";

    /// <summary>This result when the call succeeded; otherwise an exception holding everything it printed.</summary>
    public ToolResult EnsureSucceeded() =>
        Succeeded ? this : throw new InvalidOperationException($"the call failed:\n{this}");
}
