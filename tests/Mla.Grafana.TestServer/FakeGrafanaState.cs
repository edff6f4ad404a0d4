namespace Mla.Grafana.TestServer;

/// <summary>Everything the fake Grafana holds; callers take <see cref="Gate"/> around every read and change.</summary>
public sealed class FakeGrafanaState
{
    public FakeGrafanaState(string adminLogin)
    {
        var admin = new FakeUser(1, "admin-uid", adminLogin, "admin@localhost", "admin") { IsGrafanaAdmin = true, OrgId = 1 };
        Users[admin.Id] = admin;
        var main = new FakeOrg(1, "Main Org.");
        main.Members[admin.Id] = "Admin";
        Orgs[main.Id] = main;
        NextOrgId = 2;
        NextUserId = 2;
    }

    public Lock Gate { get; } = new();

    public Dictionary<long, FakeOrg> Orgs { get; } = [];

    public Dictionary<long, FakeUser> Users { get; } = [];

    /// <summary>Datasources per org (Grafana looks them up within the org).</summary>
    public Dictionary<long, List<FakeDatasource>> DatasourcesByOrg { get; } = [];

    /// <summary>Dashboards per org.</summary>
    public Dictionary<long, List<FakeDashboard>> DashboardsByOrg { get; } = [];

    public IEnumerable<FakeDatasource> Datasources => DatasourcesByOrg.Values.SelectMany(d => d);

    public IEnumerable<FakeDashboard> Dashboards => DashboardsByOrg.Values.SelectMany(d => d);

    public List<FakeDatasource> DatasourcesOf(long org) => DatasourcesByOrg.TryGetValue(org, out var list) ? list : DatasourcesByOrg[org] = [];

    public List<FakeDashboard> DashboardsOf(long org) => DashboardsByOrg.TryGetValue(org, out var list) ? list : DashboardsByOrg[org] = [];

    public long NextOrgId { get; set; }

    public long NextUserId { get; set; }

    public long NextDatasourceId { get; set; } = 1;

    public long NextDashboardId { get; set; } = 1;

    public FakeUser? FindUser(string idOrUid) =>
        long.TryParse(idOrUid, out var id) ? Users.GetValueOrDefault(id) : Users.Values.FirstOrDefault(u => u.Uid == idOrUid);

    public FakeUser? FindByLoginOrEmail(string loginOrEmail) =>
        Users.Values.FirstOrDefault(u => string.Equals(u.Login, loginOrEmail, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Email, loginOrEmail, StringComparison.OrdinalIgnoreCase));

    /// <summary>Removes a membership the way Grafana does: a user removed from its current org moves to another membership, or to none (0).</summary>
    public void RemoveMember(FakeOrg org, FakeUser user)
    {
        org.Members.Remove(user.Id);
        if (user.OrgId == org.Id)
        {
            user.OrgId = Orgs.Values.Where(o => o.Members.ContainsKey(user.Id)).Select(o => o.Id).Order().FirstOrDefault();
        }
    }

    /// <summary>Adds a membership; a user whose current org is not a membership (or none) gets this org as current.</summary>
    public void AddMember(FakeOrg org, FakeUser user, string role)
    {
        org.Members[user.Id] = role;
        if (user.OrgId == 0 || !Orgs.TryGetValue(user.OrgId, out var current) || !current.Members.ContainsKey(user.Id))
        {
            user.OrgId = org.Id;
        }
    }
}
