namespace Mla.TestSupport.Servers;

/// <summary>A started server, had in one of the ways (environment address, container, local package).</summary>
internal interface IServerInstance : IAsyncDisposable
{
    string Description { get; }

    IReadOnlyCollection<int> ProcessIds { get; }

    string? InstancePath { get; }
}
