using Mla.Contracts.Projects;

namespace Mla.Grafana.Tests;

/// <summary><c>Mla:Grafana:AuthProxy</c> on: Grafana signs users up on their first login; the sync adds known users only and waits for the others.</summary>
public sealed class AuthProxyModeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Users_are_never_created_unknown_ones_wait_for_their_first_login_then_join_with_their_role()
    {
        await using var harness = await SyncHarness.StartAsync(authProxy: true);
        await harness.Grafana.LogInThroughAuthProxyAsync("ann@example.com");
        harness.Desired.ApplyProject(Project("p1", "shop", ("ann@example.com", ProjectRole.Owner), ("bob@example.com", ProjectRole.Viewer)), T0);
        harness.Desired.SetAdmin("root@example.com", true, T0);

        await harness.SyncAsync();
        var first = harness.Dump();
        var status = harness.Sync.Status["p1"];

        Assert.Contains("member shop-p1 ann@example.com Editor", first);
        Assert.DoesNotContain(first, l => l.StartsWith("member Main Org. ann@", StringComparison.Ordinal)); // taken out of the main org as KKP does
        Assert.DoesNotContain(first, l => l.Contains("bob@", StringComparison.Ordinal) || l.Contains("root@", StringComparison.Ordinal));
        Assert.Equal(2, harness.Grafana.State.Users.Count); // the server admin and ann: nobody created through the admin API
        Assert.Null(status.Error);
        Assert.Equal(1, status.Users);
        Assert.Equal(["bob@example.com", "root@example.com"], status.WaitingForFirstLogin.Order(StringComparer.Ordinal));
        Assert.Equal("waiting for first login", status.State);

        // Waiting writes nothing and does not fail: an idle resync makes no write.
        var writes = harness.Grafana.Writes;
        await harness.SyncAsync();
        Assert.Equal(writes, harness.Grafana.Writes);
        Assert.Equal("waiting for first login", harness.Sync.Status["p1"].State);

        await harness.Grafana.LogInThroughAuthProxyAsync("bob@example.com");
        await harness.Grafana.LogInThroughAuthProxyAsync("root@example.com");
        await harness.SyncAsync();
        var after = harness.Dump();

        Assert.Contains("member shop-p1 bob@example.com Viewer", after);
        Assert.Contains("member shop-p1 root@example.com Editor", after);
        Assert.Contains("admin root@example.com", after);
        Assert.DoesNotContain(after, l => l.StartsWith("member Main Org. ", StringComparison.Ordinal) && !l.StartsWith("member Main Org. admin ", StringComparison.Ordinal));
        Assert.Equal("synced", harness.Sync.Status["p1"].State);
        Assert.Empty(harness.Sync.Status["p1"].WaitingForFirstLogin);

        writes = harness.Grafana.Writes;
        await harness.SyncAsync();
        Assert.Equal(writes, harness.Grafana.Writes);
    }

    [Fact]
    public async Task Without_the_auth_proxy_users_are_created_through_the_admin_api_and_nobody_waits()
    {
        await using var harness = await SyncHarness.StartAsync(authProxy: false);
        harness.Desired.ApplyProject(Project("p1", "shop", ("bob@example.com", ProjectRole.Viewer)), T0);

        await harness.SyncAsync();

        Assert.Contains("member shop-p1 bob@example.com Viewer", harness.Dump());
        Assert.Equal("synced", harness.Sync.Status["p1"].State);
        Assert.Equal(2, harness.Grafana.State.Users.Count);
    }

    private static ProjectState Project(string id, string name, params (string Email, ProjectRole Role)[] members) =>
        new(id, name, [.. members.Select(m => new ProjectMember(m.Email, m.Role))]);
}
