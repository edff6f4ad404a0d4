namespace Mla.Grafana.TestServer;

/// <summary>A user of the fake Grafana; <see cref="OrgId"/> is its current org (0: none).</summary>
public sealed class FakeUser(long id, string uid, string login, string email, string name)
{
    public long Id { get; } = id;

    public string Uid { get; } = uid;

    public string Login { get; } = login;

    public string Email { get; } = email;

    public string Name { get; } = name;

    public bool IsGrafanaAdmin { get; set; }

    public long OrgId { get; set; }

    /// <summary>Signed up through the auth proxy (Grafana shows <c>isExternal: true</c>).</summary>
    public bool IsExternal { get; init; }
}
