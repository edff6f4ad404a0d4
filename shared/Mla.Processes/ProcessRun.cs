namespace Mla.Processes;

/// <summary>How a program run to completion ended: its exit code and its standard output and error, interleaved by line as they arrived.</summary>
public sealed record ProcessRun(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}
