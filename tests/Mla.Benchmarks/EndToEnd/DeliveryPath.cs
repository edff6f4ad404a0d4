namespace Mla.Benchmarks.EndToEnd;

/// <summary>One way for the stream to reach storage: where to push each tenant's requests, and which processes work for it.</summary>
/// <param name="Name">direct, end-to-end or vmagent.</param>
/// <param name="PushUrlFor">The remote-write URL for a tenant's request.</param>
/// <param name="TenantHeader">True when the tenant travels in <c>X-Scope-OrgID</c> (the gateway); else it is in the URL.</param>
/// <param name="StorageBaseUri">The VictoriaMetrics where this path's samples land (each path has its own).</param>
/// <param name="Processes">The processes that work for this path, by role (gateway, broker, writer, vmagent, victoriametrics).</param>
internal sealed record DeliveryPath(
    string Name,
    Func<string, Uri> PushUrlFor,
    bool TenantHeader,
    Uri StorageBaseUri,
    IReadOnlyList<(string Role, Func<IReadOnlyCollection<int>> Pids)> Processes)
{
    /// <summary>The index of the next request of the stream this path gets; the caller advances it.</summary>
    public long NextRequest { get; set; }

    public IReadOnlyCollection<int> AllPids() => [.. Processes.SelectMany(p => p.Pids())];
}
