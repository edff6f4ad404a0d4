namespace Mla.TestSupport.Servers;

/// <summary>
/// A server a test may stop and start again, had in one of the three ways (environment address, container, local
/// package). <see cref="RestartableServer"/> wraps one for the tests.
/// </summary>
internal interface IServerInstance : IAsyncDisposable
{
    /// <summary>False for a server from the environment: <see cref="StopAsync"/> and <see cref="StartAgainAsync"/> throw.</summary>
    bool CanRestart { get; }

    string Description { get; }

    IReadOnlyCollection<int> ProcessIds { get; }

    string? InstancePath { get; }

    Task StopAsync(CancellationToken cancellationToken);

    Task StartAgainAsync(CancellationToken cancellationToken);
}
