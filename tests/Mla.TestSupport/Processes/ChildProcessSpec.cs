namespace Mla.TestSupport.Processes;

/// <summary>What to start: the program, its arguments, and where its stdout and stderr go.</summary>
/// <param name="FileName">The program (absolute path, or a name found on PATH).</param>
/// <param name="Arguments">Arguments, passed without a shell.</param>
/// <param name="LogPath">The file that receives stdout and stderr (appended, so a restart keeps the history).</param>
public sealed record ChildProcessSpec(string FileName, IReadOnlyList<string> Arguments, string LogPath)
{
    /// <summary>Variables set (or, with a null value, removed) on top of the test process's environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The working directory; the current one when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Called for every stdout line, from a thread-pool thread, after it was written to the log.</summary>
    public Action<string>? OnOutputLine { get; init; }
}
