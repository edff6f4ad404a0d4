namespace Mla.TestSupport.Servers;

/// <summary>A started server that a test may stop and start again; <see cref="RestartableServer"/> wraps one.</summary>
internal interface IRestartableInstance : IServerInstance
{
    /// <summary>False for a server from the environment: <see cref="StopAsync"/> and <see cref="StartAgainAsync"/> throw.</summary>
    bool CanRestart { get; }

    Task StopAsync(CancellationToken cancellationToken);

    Task StartAgainAsync(CancellationToken cancellationToken);
}
