using System.Text.Json.Nodes;

namespace Mla.Grafana.TestServer;

/// <summary>A dashboard of the fake Grafana, by org and uid; every save adds 1 to its version.</summary>
public sealed class FakeDashboard
{
    public long Id { get; init; }

    public required string Uid { get; init; }

    public long OrgId { get; init; }

    public required JsonObject Model { get; set; }

    public string? FolderUid { get; set; }

    public int Version { get; set; } = 1;
}
