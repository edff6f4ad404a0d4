using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mla.Ingestion.Logs;
using Mla.TestSupport.Loki;
using Snappier;

namespace Mla.IntegrationTests.Fixtures;

/// <summary>The Loki push fake answers as Loki's push API does (https://grafana.com/docs/loki/latest/reference/loki-http-api/#ingest-logs).</summary>
public sealed class LokiPushFakeTests : IAsyncLifetime
{
    private LokiPushFake _fake = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fake = await LokiPushFake.StartAsync();
        _http = new HttpClient { BaseAddress = _fake.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Protobuf_and_json_pushes_are_kept_per_tenant_and_answered_204()
    {
        var proto = Snappy.CompressToArray(PushRequestWriter.Encode([new LogStreamEntries("{app=\"a\"}", [new LogEntry(5, "proto line", [new LogLabel("k", "v")])])]));
        var json = PushJsonWriter.Encode([([new LogLabel("app", "b")], [new LogEntry(6, "json line", LogEntry.NoMetadata)])]);

        Assert.Equal(HttpStatusCode.NoContent, await PushAsync("/loki/api/v1/push", proto, "application/x-protobuf", "t1"));
        Assert.Equal(HttpStatusCode.NoContent, await PushAsync("/api/prom/push", json, "application/json", "t2"));

        var (labels, entry) = Assert.Single(_fake.Entries("t1"));
        Assert.Equal(("{app=\"a\"}", "proto line", 5L), (labels, entry.Line, entry.TimestampNs));
        Assert.Equal([new LogLabel("k", "v")], entry.Metadata);
        Assert.Equal("json line", Assert.Single(_fake.Entries("t2")).Entry.Line);
    }

    [Theory]
    [InlineData("no org id", 401, "no org id")]
    [InlineData("no content type", 400, "no media type")]
    [InlineData("bad encoding", 400, "Content-Encoding \"br\" not supported")]
    [InlineData("bad json", 400, "error parsing push request")]
    [InlineData("not snappy", 400, "error parsing push request")]
    [InlineData("no labels", 400, "at least one label pair is required per stream")]
    [InlineData("down", 503, "down")]
    public async Task Bad_pushes_get_Lokis_status_and_nothing_is_kept(string name, int status, string reason)
    {
        var json = Encoding.UTF8.GetBytes("{\"streams\":[{\"stream\":{\"app\":\"a\"},\"values\":[[\"1\",\"x\"]]}]}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/loki/api/v1/push") { Content = new ByteArrayContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Scope-OrgID", "t");
        switch (name)
        {
            case "no org id":
                request.Headers.Remove("X-Scope-OrgID");
                break;
            case "no content type":
                request.Content.Headers.ContentType = null;
                break;
            case "bad encoding":
                request.Content.Headers.ContentEncoding.Add("br");
                break;
            case "bad json":
                request.Content = new StringContent("{\"streams\":", Encoding.UTF8, "application/json");
                break;
            case "not snappy":
                request.Content = new ByteArrayContent([1, 2, 3]);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                break;
            case "no labels":
                request.Content = new ByteArrayContent(Snappy.CompressToArray(PushRequestWriter.Encode([new LogStreamEntries("{}", [new LogEntry(1, "x", LogEntry.NoMetadata)])])));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                break;
            default:
                _fake.Down = true;
                break;
        }

        using var response = await _http.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_fake.Tenants);
    }

    [Fact]
    public async Task A_delete_request_is_received_for_the_cancel_period_then_processed_and_only_its_streams_of_its_tenant_are_gone()
    {
        _fake.ListsUntilProcessed = 2;
        var body = PushJsonWriter.Encode([
            ([new LogLabel("app", "a")], [new LogEntry(1_000_000_000, "a line", LogEntry.NoMetadata)]),
            ([new LogLabel("job", "j")], [new LogEntry(1_000_000_000, "job line", LogEntry.NoMetadata)]),
        ]);
        Assert.Equal(HttpStatusCode.NoContent, await PushAsync("/loki/api/v1/push", body, "application/json", "t1"));
        Assert.Equal(HttpStatusCode.NoContent, await PushAsync("/loki/api/v1/push", body, "application/json", "t2"));

        using (var created = await DeleteAsync(HttpMethod.Post, "?query=" + Uri.EscapeDataString("{app=~\".+\"}") + "&start=1970-01-01T00:00:00Z", "t1"))
        {
            Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
            Assert.Empty(await created.Content.ReadAsStringAsync());
        }

        Assert.Equal(["received", "received"], [await ListedStatusAsync("t1"), await ListedStatusAsync("t1")]);
        Assert.Equal(2, _fake.Entries("t1").Count);
        Assert.Equal("processed", await ListedStatusAsync("t1"));
        Assert.Equal("job line", Assert.Single(_fake.Entries("t1")).Entry.Line);
        Assert.Equal(2, _fake.Entries("t2").Count);
        Assert.Equal("[]", await (await DeleteAsync(HttpMethod.Get, "", "t2")).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("", "t", 400, "query not set")]
    [InlineData("?query=app&start=1", "t", 400, "invalid query expression")]
    [InlineData("?query=%7Bapp%3D%22a%22%7D", "t", 400, "start time not set")]
    [InlineData("?query=%7Bapp%3D%22a%22%7D&start=yesterday", "t", 400, "invalid start time")]
    [InlineData("?query=%7Bapp%3D%22a%22%7D&start=0", "t", 400, "invalid start time")]
    [InlineData("?query=%7Bapp%3D%22a%22%7D&start=1591616227&end=1591616000", "t", 400, "start time can't be greater than end time")]
    [InlineData("?query=%7Bapp%3D%22a%22%7D&start=1970-01-01T00:00:00Z&end=2999-01-01T00:00:00Z", "t", 400, "deletes in the future are not allowed")]
    [InlineData("?query=%7Bapp%3D%22a%22%7D&start=1970-01-01T00:00:00Z", "", 401, "no org id")]
    public async Task Bad_delete_requests_get_Lokis_status_and_nothing_is_held(string query, string tenant, int status, string reason)
    {
        using var response = await DeleteAsync(HttpMethod.Post, query, tenant);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_fake.DeleteRequests("t"));
    }

    [Fact]
    public async Task Listing_without_the_tenant_header_is_401_and_every_delete_api_call_is_recorded()
    {
        using var list = await DeleteAsync(HttpMethod.Get, "", "");
        using var created = await DeleteAsync(HttpMethod.Post, "?query=%7Bjob%3D~%22.%2B%22%7D&start=1970-01-01T00:00:00Z", "t1");

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Contains("no org id", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        Assert.Equal(
            [new LokiDeleteApiCall("GET", "", null), new LokiDeleteApiCall("POST", "?query=%7Bjob%3D~%22.%2B%22%7D&start=1970-01-01T00:00:00Z", "t1")],
            _fake.DeleteApiCalls);
    }

    [Fact]
    public async Task A_delete_request_is_listed_with_its_times_in_unix_seconds()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var created = await DeleteAsync(HttpMethod.Post, "?query=%7Bjob%3D~%22.%2B%22%7D&start=1591616227&end=1591619827", "t1");
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);

        var listed = Assert.Single(await ListAsync("t1"));

        Assert.Equal(1591616227, listed.GetProperty("start_time").GetInt64());
        Assert.Equal(1591619827, listed.GetProperty("end_time").GetInt64());
        Assert.InRange(listed.GetProperty("created_at").GetDouble(), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal(8, listed.GetProperty("request_id").GetString()!.Length);
    }

    [Fact]
    public async Task A_request_made_earlier_is_listed_with_its_own_creation_time_and_status()
    {
        var longAgo = DateTimeOffset.UtcNow.AddDays(-30);
        _fake.ListsUntilProcessed = int.MaxValue;
        _fake.AddDeleteRequest("t1", "{app=~\".+\"}", longAgo, processed: true);
        _fake.AddDeleteRequest("t1", "{job=\"j\"}", longAgo.AddDays(1), processed: false);

        var listed = await ListAsync("t1");

        Assert.Equal(["processed", "received"], listed.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(longAgo.ToUnixTimeSeconds(), listed[0].GetProperty("created_at").GetDouble());
        Assert.Equal([("{app=~\".+\"}", "processed"), ("{job=\"j\"}", "received")], _fake.DeleteRequests("t1"));
        Assert.Empty(await ListAsync("t2"));
        Assert.Throws<ArgumentException>(() => _fake.AddDeleteRequest("t1", "app", longAgo, processed: false));
    }

    [Fact]
    public async Task A_received_request_can_be_cancelled_by_its_tenant_and_a_processed_or_unknown_one_cannot()
    {
        _fake.ListsUntilProcessed = 1;
        using (var created = await DeleteAsync(HttpMethod.Post, "?query=%7Bapp%3D%22a%22%7D&start=1970-01-01T00:00:00Z", "t1"))
        {
            Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        }

        var id = Assert.Single(await ListAsync("t1")).GetProperty("request_id").GetString()!;
        using var unknown = await DeleteAsync(HttpMethod.Delete, "?request_id=nosuchid", "t1");
        using var otherTenant = await DeleteAsync(HttpMethod.Delete, "?request_id=" + id, "t2");
        using var noTenant = await DeleteAsync(HttpMethod.Delete, "?request_id=" + id, "");
        using var cancelled = await DeleteAsync(HttpMethod.Delete, "?request_id=" + id, "t1");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("could not find delete request with given id", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noTenant.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        Assert.Empty(await ListAsync("t1"));

        using (var again = await DeleteAsync(HttpMethod.Post, "?query=%7Bapp%3D%22a%22%7D&start=1970-01-01T00:00:00Z", "t1"))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }

        var second = Assert.Single(await ListAsync("t1"));
        Assert.Equal("received", second.GetProperty("status").GetString());
        Assert.Equal("processed", Assert.Single(await ListAsync("t1")).GetProperty("status").GetString());
        using var tooLate = await DeleteAsync(HttpMethod.Delete, "?request_id=" + second.GetProperty("request_id").GetString(), "t1");
        Assert.Equal(HttpStatusCode.BadRequest, tooLate.StatusCode);
        Assert.Contains("already processed is not allowed", await tooLate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await ListAsync("t1"));
    }

    private async Task<List<JsonElement>> ListAsync(string tenant)
    {
        using var response = await DeleteAsync(HttpMethod.Get, "", tenant);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. list.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private async Task<HttpResponseMessage> DeleteAsync(HttpMethod method, string query, string tenant)
    {
        using var request = new HttpRequestMessage(method, "/loki/api/v1/delete" + query);
        if (tenant.Length > 0)
        {
            request.Headers.Add("X-Scope-OrgID", tenant);
        }

        return await _http.SendAsync(request);
    }

    private async Task<string> ListedStatusAsync(string tenant)
    {
        using var response = await DeleteAsync(HttpMethod.Get, "", tenant);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var request = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal("{app=~\".+\"}", request.GetProperty("query").GetString());
        return request.GetProperty("status").GetString()!;
    }

    private async Task<HttpStatusCode> PushAsync(string path, byte[] body, string contentType, string tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Scope-OrgID", tenant);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }
}
