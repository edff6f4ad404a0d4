namespace Mla.Grafana.TestServer;

/// <summary>An organization of the fake Grafana: its members by user id with their role.</summary>
public sealed class FakeOrg(long id, string name)
{
    public long Id { get; } = id;

    public string Name { get; set; } = name;

    public Dictionary<long, string> Members { get; } = [];
}
