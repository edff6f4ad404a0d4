using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mla.Tenants.Tests.Purge.Fakes;

/// <summary>
/// Mimir's compactor (<c>/compactor/…</c>) or Cortex's purger (<c>/purger/…</c>) tenant deletion API as documented:
/// <c>POST delete_tenant</c> writes a deletion mark and answers 200; <c>GET delete_tenant_status</c> answers 200
/// <c>{"tenant_id":…,"blocks_deleted":…}</c>, true once a marked tenant's blocks are gone, which here happens after
/// <see cref="PollsUntilDeleted"/> status requests; both answer 401 without <c>X-Scope-OrgID</c> (the auth middleware).
/// </summary>
internal sealed class FakeTenantDeletionApi : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _blocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _pollsSinceMark = new(StringComparer.Ordinal);

    private FakeTenantDeletionApi(FakeStoreServer server) => Server = server;

    public FakeStoreServer Server { get; }

    public Uri BaseUri => Server.BaseUri;

    public int PollsUntilDeleted { get; set; } = 2;

    /// <summary>When set, every request answers this status (a broken store).</summary>
    public int? FailWith { get; set; }

    public static async Task<FakeTenantDeletionApi> StartAsync(string prefix)
    {
        FakeTenantDeletionApi? fake = null;
        var server = await FakeStoreServer.StartAsync(app =>
        {
            app.MapPost($"/{prefix}/delete_tenant", (HttpContext context) => fake!.Delete(context));
            app.MapGet($"/{prefix}/delete_tenant_status", (HttpContext context) => fake!.Status(context));
        });
        fake = new FakeTenantDeletionApi(server);
        return fake;
    }

    public void AddBlocks(string tenant, int count) => _blocks.AddOrUpdate(tenant, count, (_, held) => held + count);

    public bool IsMarked(string tenant) => _pollsSinceMark.ContainsKey(tenant);

    public int BlocksOf(string tenant) => _blocks.GetValueOrDefault(tenant);

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private IResult Delete(HttpContext context)
    {
        if (FailWith is { } failure)
        {
            return Results.Text("failed to write tenant deletion mark: bucket unavailable\n", statusCode: failure);
        }

        if (FakeStoreServer.OrgId(context) is not { } tenant)
        {
            return FakeStoreServer.NoOrgId();
        }

        _pollsSinceMark.TryAdd(tenant, 0);
        return Results.Ok();
    }

    private IResult Status(HttpContext context)
    {
        if (FailWith is { } failure)
        {
            return Results.Text("bucket unavailable\n", statusCode: failure);
        }

        if (FakeStoreServer.OrgId(context) is not { } tenant)
        {
            return FakeStoreServer.NoOrgId();
        }

        if (_pollsSinceMark.TryGetValue(tenant, out _) && _pollsSinceMark.AddOrUpdate(tenant, 1, (_, polls) => polls + 1) >= PollsUntilDeleted)
        {
            _blocks.TryRemove(tenant, out _);
        }

        return Results.Json(new Dictionary<string, object> { ["tenant_id"] = tenant, ["blocks_deleted"] = BlocksOf(tenant) == 0 });
    }
}
