using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.Gateway.Limits;
using Mla.Gateway.ReadPath;
using Mla.Gateway.Tenants;
using Mla.Gateway.Tests.Auth;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Mla.Gateway.Tests.ReadPath;

/// <summary>Who may read: only a read token of a Ready tenant or an admin read token; the scope the gateway forces.</summary>
public sealed class ReadAuthenticatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TenantDirectory _directory = new();

    [Fact]
    public void A_read_token_of_a_Ready_tenant_reads_that_tenant_only_and_a_write_token_never_reads()
    {
        _directory.Replace(new TenantSnapshot([
            FeedTenants.From(State("a", TenantStatus.Ready, write: "w-a", read: "r-a"), new LimitsOptions()),
            FeedTenants.From(State("b", TenantStatus.Ready, write: "w-b", read: "r-b"), new LimitsOptions()),
        ]));
        var authenticator = Authenticator();

        Assert.Equal("a", authenticator.Authenticate(Request("Bearer r-a"))?.Tenant?.Id);
        Assert.Equal("b", authenticator.Authenticate(Request("bearer r-b"))?.Tenant?.Id);
        Assert.Null(authenticator.Authenticate(Request("Bearer w-a")));
        Assert.Null(authenticator.Authenticate(Request("Bearer ")));
        Assert.Null(authenticator.Authenticate(Request("Basic r-a")));
        Assert.Null(authenticator.Authenticate(Request(null)));
    }

    [Theory]
    [InlineData(TenantStatus.Deprovisioning)]
    [InlineData(TenantStatus.Deleted)]
    [InlineData(TenantStatus.Provisioning)]
    public void A_tenant_that_is_not_Ready_cannot_be_read_with_its_old_token(TenantStatus status)
    {
        _directory.Replace(new TenantSnapshot([FeedTenants.From(State("a", status, write: null, read: "r-a"), new LimitsOptions())]));

        Assert.Null(Authenticator().Authenticate(Request("Bearer r-a")));
    }

    [Fact]
    public void The_index_follows_the_table_a_deleted_tenants_token_stops_at_the_next_table()
    {
        _directory.Replace(new TenantSnapshot([FeedTenants.From(State("a", TenantStatus.Ready, null, "r-a"), new LimitsOptions())]));
        var authenticator = Authenticator();
        Assert.NotNull(authenticator.Authenticate(Request("Bearer r-a")));

        _directory.Replace(new TenantSnapshot([FeedTenants.From(State("a", TenantStatus.Deprovisioning, null, "r-a"), new LimitsOptions())]));

        Assert.Null(authenticator.Authenticate(Request("Bearer r-a")));
    }

    [Fact]
    public void An_admin_token_of_a_seed_reads_every_Ready_tenant_of_that_seed()
    {
        _directory.Replace(new TenantSnapshot([
            FeedTenants.From(State("a", TenantStatus.Ready, null, "r-a"), new LimitsOptions()),
            FeedTenants.From(State("b", TenantStatus.Ready, null, "r-b"), new LimitsOptions()),
            FeedTenants.From(State("c", TenantStatus.Deleted, null, null), new LimitsOptions()),
            FeedTenants.From(State("x", TenantStatus.Ready, null, "r-x", seed: "other"), new LimitsOptions()),
        ]));
        var admins = new AdminReadTokens(MsOptions.Create(new GatewayOptions()));
        admins.ReplaceSeedTokens([("eu", TokenDigest.Of("admin-eu"))]);

        var caller = new ReadAuthenticator(_directory, admins).Authenticate(Request("Bearer admin-eu"));

        Assert.NotNull(caller);
        Assert.True(caller.IsAdmin);
        Assert.Equal(["a", "b"], caller.TenantIds(_directory.Current));
    }

    [Fact]
    public void The_callers_scope_parameters_are_dropped_in_every_spelling_and_the_tenants_is_added()
    {
        var caller = new ReadCaller(new Tenant("a", false, null, Mla.Gateway.Limits.TenantLimits.Resolve(new LimitsOptions(), null)), null);
        var pairs = new KeyValuePair<string, string>[]
        {
            new("query", "up"), new("extra_label", "tenant=b"), new("extra_label", "tenant=b"), new("EXTRA_LABEL", "tenant=b"),
            new("extra_label[]", "tenant=b"), new("extra_filters[]", "{tenant=\"b\"}"), new("extra_filters", "{tenant=\"b\"}"), new(" extra_label", "tenant=b"),
        };

        var vm = PrometheusReads.Scoped(pairs, caller, ReadStoreKind.VictoriaMetrics, "tenant");
        var mimir = PrometheusReads.Scoped(pairs, caller, ReadStoreKind.Mimir, "tenant");

        Assert.Equal([new("query", "up"), new("extra_label", "tenant=a")], vm);
        Assert.Equal([new("query", "up")], mimir);
        Assert.Equal("?query=up&extra_label=tenant%3Da", ReadStoreClient.QueryString(vm));
    }

    [Theory]
    [InlineData("""{"matchers":[{"name":"tenant","value":"a","isRegex":false,"isEqual":true}]}""", true)]
    [InlineData("""{"matchers":[{"name":"tenant","value":"a","isRegex":false}]}""", true)]
    [InlineData("""{"matchers":[{"name":"tenant","value":"a","isRegex":true,"isEqual":true}]}""", false)]
    [InlineData("""{"matchers":[{"name":"tenant","value":"a","isRegex":false,"isEqual":false}]}""", false)]
    [InlineData("""{"matchers":[{"name":"tenant","value":"b","isRegex":false,"isEqual":true}]}""", false)]
    [InlineData("""{"matchers":[{"name":"alertname","value":"a","isRegex":false,"isEqual":true}]}""", false)]
    public void A_silence_is_a_tenants_only_with_its_exact_equality_matcher(string silence, bool owned) =>
        Assert.Equal(owned, AlertmanagerReads.Owns(JsonNode.Parse(silence), "tenant", "a"));

    [Theory]
    [InlineData("query", true)]
    [InlineData("query_range", true)]
    [InlineData("label/job/values", true)]
    [InlineData("label/../values", false)]
    [InlineData("label/a/b/values", false)]
    [InlineData("export", false)]
    [InlineData("admin/tsdb/delete_series", false)]
    [InlineData("import/prometheus", false)]
    public void Only_the_read_API_is_forwarded(string path, bool forwarded) => Assert.Equal(forwarded, ReadPaths.IsPrometheus(path));

    private ReadAuthenticator Authenticator() => new(_directory, new AdminReadTokens(MsOptions.Create(new GatewayOptions())));

    private static DefaultHttpContext Context(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }

    private static HttpRequest Request(string? authorization) => Context(authorization).Request;

    private static TenantState State(string id, TenantStatus status, string? write, string? read, string seed = "eu") =>
        new(id, id, seed, "p1", status, new Mla.Contracts.Tenants.TenantLimits(MonitoringLimits.Defaults, LoggingLimits.Defaults), null, null, T0)
        {
            TokenSha256 = write is null ? null : TenantAuthenticatorTests.Sha256(write),
            ReadTokenSha256 = read is null ? null : TenantAuthenticatorTests.Sha256(read),
        };
}
