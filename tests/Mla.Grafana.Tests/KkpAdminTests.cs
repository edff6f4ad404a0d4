using Mla.Contracts.Projects;
using Mla.Contracts.Users;
using Mla.Grafana.TestServer;

namespace Mla.Grafana.Tests;

/// <summary>KKP's admin flag through the bus (<see cref="UserChanged"/>, <see cref="UserDeleted"/>) into Grafana: server admin and Editor in every project org, and back.</summary>
public sealed class KkpAdminTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_admin_set_through_a_user_event_becomes_server_admin_and_editor_everywhere_and_cleared_or_deleted_goes_back()
    {
        await using var grafana = await GrafanaTestServer.StartAsync();
        await using var service = await GrafanaServiceHost.StartAsync(grafana);
        await service.Bus.Publish(new ProjectCreated("e1", "test", T0, new ProjectState("p1", "shop", [new ProjectMember("ann@example.com", ProjectRole.Viewer)])));
        await service.Bus.Publish(new ProjectCreated("e2", "test", T0, new ProjectState("p2", "data", [])));
        await service.Bus.Publish(new UserChanged("e3", "test", T0, new UserState("root1", "root@example.com", IsAdmin: true)));

        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => Has(grafana, "admin root@example.com", "member shop-p1 root@example.com Editor", "member data-p2 root@example.com Editor"), Patience), Dump(grafana));

        // Cleared: no server admin, out of the project orgs (it is no member of either project).
        await service.Bus.Publish(new UserChanged("e4", "test", T0.AddMinutes(1), new UserState("root1", "root@example.com", IsAdmin: false)));
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => Lacks(grafana, "admin root@example.com", "member shop-p1 root@example.com Editor", "member data-p2 root@example.com Editor"), Patience), Dump(grafana));

        // An older event that still says admin changes nothing (newest wins); a newer one sets it again; deleting the user clears it.
        await service.Bus.Publish(new UserChanged("e5", "test", T0.AddSeconds(30), new UserState("root1", "root@example.com", IsAdmin: true)));
        await service.Bus.Publish(new UserChanged("e6", "test", T0.AddMinutes(2), new UserState("root1", "root@example.com", IsAdmin: true)));
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => Has(grafana, "admin root@example.com", "member shop-p1 root@example.com Editor"), Patience), Dump(grafana));
        await service.Bus.Publish(new UserDeleted("e7", "test", T0.AddMinutes(3), new UserState("root1", "root@example.com", IsAdmin: true)));
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => Lacks(grafana, "admin root@example.com", "member shop-p1 root@example.com Editor"), Patience), Dump(grafana));
        Assert.Contains("member shop-p1 ann@example.com Viewer", SyncHarness.DumpOf(grafana));
    }

    private static bool Has(GrafanaTestServer grafana, params string[] lines) => lines.All(SyncHarness.DumpOf(grafana).Contains);

    private static bool Lacks(GrafanaTestServer grafana, params string[] lines) => !lines.Any(SyncHarness.DumpOf(grafana).Contains);

    private static string Dump(GrafanaTestServer grafana) => string.Join('\n', SyncHarness.DumpOf(grafana));
}
