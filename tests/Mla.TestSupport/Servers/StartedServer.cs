namespace Mla.TestSupport.Servers;

/// <summary>
/// What every server of the fixtures tells a test: which way it was had, how long the start took, the one-line
/// description, its processes and directory. Disposing it stops the server and removes what it left.
/// </summary>
public abstract class StartedServer : IAsyncDisposable
{
    private readonly IServerInstance _instance;

    /// <param name="instance">The server, started and ready.</param>
    /// <param name="source">Which way it was had.</param>
    /// <param name="startupDuration">How long the start took (until ready).</param>
    private protected StartedServer(IServerInstance instance, ServerSource source, TimeSpan startupDuration)
    {
        _instance = instance;
        Source = source;
        StartupDuration = startupDuration;
    }

    public ServerSource Source { get; }

    /// <summary>How long the start took (until ready).</summary>
    public TimeSpan StartupDuration { get; }

    /// <summary>Which way, which version, where, which PIDs: one line for the test output.</summary>
    public string Description => _instance.Description;

    /// <summary>The PIDs of a local server's processes; empty for the other ways.</summary>
    public IReadOnlyCollection<int> ProcessIds => _instance.ProcessIds;

    /// <summary>A local server's directory (config, data, logs; deleted on dispose); null for the other ways.</summary>
    public string? InstancePath => _instance.InstancePath;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _instance.DisposeAsync();
    }
}
