using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mla.Webhooks.CloudEvents;

namespace Mla.IntegrationTests.Webhooks;

/// <summary>Bad requests get the right status and a body naming the problem; nothing is stored.</summary>
public sealed class WebhookRejectionTests : IAsyncLifetime
{
    private WebhooksTestApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await WebhooksTestApp.StartAsync(new() { ["Mla:Bus:Transport"] = "InMemory", ["Mla:Webhooks:MaxBodyBytes"] = "4096" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_wrong_signature_is_401_and_nothing_is_stored()
    {
        var clusterId = ExampleEvent.NewClusterId();
        var body = ExampleEvent.Bytes(ExampleEvent.Fresh(KkpEventTypes.ClusterCreated, clusterId));

        var response = await _app.PostAsync(body, signature: "sha256=" + new string('0', 64));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Mla-Signature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Http.GetAsync(new Uri($"/api/v1/clusters/{clusterId}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_missing_signature_is_401()
    {
        var body = ExampleEvent.Bytes(ExampleEvent.Fresh(KkpEventTypes.ClusterCreated));
        var response = await _app.PostAsync(body, signature: "");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_cluster_id_is_400_naming_the_field()
    {
        var json = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated);
        json["data"]!.AsObject().Remove("id");

        var response = await _app.PostAsync(ExampleEvent.Bytes(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("data.id", problem.GetProperty("field").GetString());
        Assert.Contains("data.id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await _app.Http.GetFromJsonAsync<JsonElement>("/api/v1/clusters")).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Bad_json_is_400()
    {
        var response = await _app.PostAsync("{\"specversion\": "u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_unknown_type_is_400_naming_the_type()
    {
        var json = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated);
        json["type"] = "io.kubermatic.cluster.teleported";
        var response = await _app.PostAsync(ExampleEvent.Bytes(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("type", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var json = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated);
        json["data"]!["labels"]!["padding"] = new string('x', 5000);
        var response = await _app.PostAsync(ExampleEvent.Bytes(json));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_empty_body_with_content_length_zero_is_400_when_signed_and_401_when_not()
    {
        var signed = await _app.PostAsync([]);
        var unsigned = await _app.PostAsync([], signature: "");

        Assert.Equal(0, signed.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.BadRequest, signed.StatusCode);
        var problem = await signed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("body", problem.GetProperty("field").GetString());
        Assert.Contains("empty", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }

    [Fact]
    public async Task A_chunked_body_without_content_length_is_accepted_within_the_limit_and_413_past_it()
    {
        var small = ExampleEvent.Bytes(ExampleEvent.Fresh(KkpEventTypes.ClusterCreated));
        var large = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated);
        large["data"]!["labels"]!["padding"] = new string('x', 5000);

        var accepted = await _app.PostAsync(small, chunked: true);
        var refused = await _app.PostAsync(ExampleEvent.Bytes(large), chunked: true);
        var empty = await _app.PostAsync([], chunked: true);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task Another_content_type_is_415()
    {
        var body = ExampleEvent.Bytes(ExampleEvent.Fresh(KkpEventTypes.ClusterCreated));
        var response = await _app.PostAsync(body, contentType: "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_cluster_is_404_and_the_list_filters_by_seed_and_project()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Http.GetAsync(new Uri("/api/v1/clusters/nosuchcluster", UriKind.Relative))).StatusCode);
        var a = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated, "filtera001");
        a["data"]!["seed"] = "seed-a";
        var b = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated, "filterb001");
        b["data"]!["seed"] = "seed-b";
        b["data"]!["projectId"] = "projectb01";
        Assert.Equal(HttpStatusCode.Accepted, (await _app.PostAsync(ExampleEvent.Bytes(a))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _app.PostAsync(ExampleEvent.Bytes(b))).StatusCode);

        var bySeed = await _app.Http.GetFromJsonAsync<JsonElement>("/api/v1/clusters?seed=seed-a");
        var byProject = await _app.Http.GetFromJsonAsync<JsonElement>("/api/v1/clusters?project=projectb01");
        Assert.Equal(["filtera001"], bySeed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(["filterb001"], byProject.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }
}
