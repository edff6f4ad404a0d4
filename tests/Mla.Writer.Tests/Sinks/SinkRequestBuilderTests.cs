using Mla.Writer.Configuration;
using Mla.Writer.Sinks;

namespace Mla.Writer.Tests.Sinks;

public sealed class SinkRequestBuilderTests
{
    [Fact]
    public void Header_placement_keeps_the_url_and_sends_X_Scope_OrgID()
    {
        var builder = new SinkRequestBuilder(new SinkOptions { Url = "http://mimir:8080/api/v1/push", TenantPlacement = "header" });

        Assert.Equal(new Uri("http://mimir:8080/api/v1/push"), builder.UrlFor("cluster-1"));
        Assert.Equal(new KeyValuePair<string, string>("X-Scope-OrgID", "cluster-1"), builder.TenantHeaderFor("cluster-1"));
    }

    [Theory]
    [InlineData("http://vm:8428/api/v1/write", "cluster-1", "http://vm:8428/api/v1/write?extra_label=tenant%3Dcluster-1")]
    [InlineData("http://vm:8428/api/v1/write?extra_label=seed%3Deu", "c1", "http://vm:8428/api/v1/write?extra_label=seed%3Deu&extra_label=tenant%3Dc1")]
    [InlineData("http://vm:8428/api/v1/write?", "c1", "http://vm:8428/api/v1/write?extra_label=tenant%3Dc1")]
    [InlineData("http://vm:8428/api/v1/write", "a b&c=d", "http://vm:8428/api/v1/write?extra_label=tenant%3Da%20b%26c%3Dd")]
    public void Extra_label_placement_appends_an_escaped_query_argument(string url, string tenant, string expected)
    {
        var builder = new SinkRequestBuilder(new SinkOptions { Url = url, TenantPlacement = "extra-label" });

        Assert.Equal(expected, builder.UrlFor(tenant).AbsoluteUri);
        Assert.Null(builder.TenantHeaderFor(tenant));
    }

    [Fact]
    public void Extra_label_uses_the_configured_label_name()
    {
        var builder = new SinkRequestBuilder(new SinkOptions { Url = "http://vm/api/v1/write", TenantPlacement = "extra-label", TenantLabel = "cluster" });

        Assert.Equal("http://vm/api/v1/write?extra_label=cluster%3Dx", builder.UrlFor("x").AbsoluteUri);
    }

    [Theory]
    [InlineData("42", "http://vminsert:8480/insert/42/prometheus/api/v1/write")]
    [InlineData("42:7", "http://vminsert:8480/insert/42:7/prometheus/api/v1/write")]
    [InlineData("a/b", "http://vminsert:8480/insert/a%2Fb/prometheus/api/v1/write")]
    public void Url_template_places_the_escaped_tenant_in_the_path(string tenant, string expected)
    {
        var builder = new SinkRequestBuilder(new SinkOptions { Url = "http://vminsert:8480/insert/{tenant}/prometheus/api/v1/write", TenantPlacement = "url-template" });

        Assert.Equal(expected, builder.UrlFor(tenant).OriginalString);
        Assert.Null(builder.TenantHeaderFor(tenant));
    }

    [Fact]
    public void Static_headers_are_kept()
    {
        var builder = new SinkRequestBuilder(new SinkOptions
        {
            Url = "http://mimir/api/v1/push",
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t" },
        });

        Assert.Contains(new KeyValuePair<string, string>("Authorization", "Bearer t"), builder.StaticHeaders);
    }

    [Theory]
    [InlineData(200, SinkOutcome.Accepted)]
    [InlineData(204, SinkOutcome.Accepted)]
    [InlineData(400, SinkOutcome.Rejected)]
    [InlineData(401, SinkOutcome.Rejected)]
    [InlineData(404, SinkOutcome.Rejected)]
    [InlineData(413, SinkOutcome.Rejected)]
    [InlineData(408, SinkOutcome.Retryable)]
    [InlineData(429, SinkOutcome.Retryable)]
    [InlineData(500, SinkOutcome.Retryable)]
    [InlineData(503, SinkOutcome.Retryable)]
    public void Statuses_are_classified_as_the_remote_write_spec_says(int status, SinkOutcome expected) =>
        Assert.Equal(expected, SinkResponse.Classify(status));

    [Fact]
    public void Reasons_are_cut_to_1_KiB_of_UTF8_without_splitting_a_character()
    {
        var text = new string('é', 2000);

        var cut = ReasonText.Truncate(text);

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(cut) <= 1024);
        Assert.Equal(512, cut.Length);
        Assert.Equal("short", ReasonText.Truncate("  short \n"));
    }
}
