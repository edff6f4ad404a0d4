namespace Mla.TestSupport;

/// <summary>
/// Says which way a fixture got its server. Written to the test process's stdout, which <c>dotnet test</c> shows
/// with <c>--logger "console;verbosity=normal"</c> (or higher).
/// </summary>
public static class ServerAnnouncement
{
    public static void Write(string line) => Console.WriteLine($"[mla-test] {line}");

    /// <summary>The line after a start: the server's description and how long it took until ready.</summary>
    public static void Ready(string description, TimeSpan startupDuration) =>
        Write($"{description}; ready in {startupDuration.TotalSeconds:0.0} s");
}
