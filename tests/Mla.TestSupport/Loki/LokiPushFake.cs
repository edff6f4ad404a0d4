using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mla.Ingestion.Logs;
using Mla.Ingestion.RemoteWrite;
using Snappier;

namespace Mla.TestSupport.Loki;

/// <summary>
/// An in-process Loki push receiver following Loki's push API (https://grafana.com/docs/loki/latest/reference/loki-http-api/#ingest-logs; Loki cannot run here): <c>POST /loki/api/v1/push</c>
/// and <c>/api/prom/push</c>; 401 <c>no org id</c> without <c>X-Scope-OrgID</c>; 400 without Content-Type;
/// <c>application/json</c> (Content-Encoding gzip or deflate allowed, others 400 <c>Content-Encoding "x" not
/// supported</c>); any other type is protobuf in a snappy block; 400 on parse errors; 204 on success. Entries are
/// kept per tenant. <see cref="Down"/> makes it answer 503, as an unavailable Loki does.
/// <para>
/// Loki's log deletion API (compactor) as well: <c>POST /loki/api/v1/delete?query=&lt;selector&gt;&amp;start=…[&amp;end=…]</c>
/// answers 204 without a body (401 without <c>X-Scope-OrgID</c>; 400 <c>query not set</c>, <c>invalid query
/// expression</c>, <c>start time not set</c>, a malformed time — RFC 3339 or exactly ten digits of unix seconds —, an
/// end in the future or before the start); <c>GET /loki/api/v1/delete</c> lists the tenant's requests as JSON
/// (<c>request_id</c>, <c>start_time</c>, <c>end_time</c>, <c>query</c>, <c>status</c>, <c>created_at</c>). A request
/// stays <c>received</c> for <see cref="ListsUntilProcessed"/> lists (Loki's cancel period), then the tenant's entries
/// of the selected streams within its time range are deleted and it is <c>processed</c>. <c>DELETE
/// /loki/api/v1/delete?request_id=…</c> cancels a <c>received</c> request: 204, or 404 <c>could not find delete request
/// with given id</c>, or 400 <c>deletion of request which is in process or already processed is not allowed</c>. Every
/// call of the delete API is recorded in <see cref="DeleteApiCalls"/>.
/// </para>
/// </summary>
public sealed class LokiPushFake : IAsyncDisposable
{
    /// <summary>What Loki's auth middleware answers without <c>X-Scope-OrgID</c>.</summary>
    private static readonly IResult NoOrgId = Results.Text("no org id\n", statusCode: StatusCodes.Status401Unauthorized);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Labels, LogEntry Entry)>> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<LokiDeleteRequest>> _deletes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LokiDeleteApiCall> _deleteApiCalls = new();
    private readonly Lock _gate = new();
    private int _requests;

    private LokiPushFake(WebApplication app)
    {
        _app = app;
        BaseUrl = new Uri(app.Urls.First());
    }

    public Uri BaseUrl { get; }

    public Uri PushUrl => new(BaseUrl, "/loki/api/v1/push");

    /// <summary>While true every push gets 503 and nothing is kept.</summary>
    public bool Down { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyCollection<string> Tenants => [.. _entries.Keys];

    /// <summary>How many times a tenant's delete requests are listed before a request is processed (the cancel period).</summary>
    public int ListsUntilProcessed { get; set; } = 1;

    /// <summary>A tenant's delete requests (query, status).</summary>
    public IReadOnlyList<(string Query, string Status)> DeleteRequests(string tenant)
    {
        lock (_gate)
        {
            return _deletes.TryGetValue(tenant, out var held) ? [.. held.Select(r => (r.Query, r.Status))] : [];
        }
    }

    /// <summary>Every call of the delete API so far, in order.</summary>
    public IReadOnlyList<LokiDeleteApiCall> DeleteApiCalls => [.. _deleteApiCalls];

    /// <summary>
    /// A delete request made earlier (by a previous purge or by hand), with its own creation time: from the unix epoch
    /// to <paramref name="createdAt"/>, <c>processed</c> or <c>received</c>.
    /// </summary>
    public void AddDeleteRequest(string tenant, string query, DateTimeOffset createdAt, bool processed)
    {
        if (!LokiSelector.TryParse(query, out var selector))
        {
            throw new ArgumentException($"not a stream selector: {query}", nameof(query));
        }

        lock (_gate)
        {
            _deletes.GetOrAdd(tenant, _ => []).Add(new LokiDeleteRequest(
                Guid.NewGuid().ToString("N")[..8], query, selector!, 0, createdAt.ToUnixTimeSeconds(), createdAt.ToUnixTimeSeconds())
            {
                Processed = processed,
            });
        }
    }

    public static async Task<LokiPushFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LokiPushFake? fake = null;
        app.MapPost("/loki/api/v1/push", (HttpContext context) => fake!.PushAsync(context));
        app.MapPost("/api/prom/push", (HttpContext context) => fake!.PushAsync(context));
        app.MapPost("/loki/api/v1/delete", (HttpContext context) => fake!.CreateDelete(context));
        app.MapGet("/loki/api/v1/delete", (HttpContext context) => fake!.ListDeletes(context));
        app.MapDelete("/loki/api/v1/delete", (HttpContext context) => fake!.CancelDelete(context));
        await app.StartAsync().ConfigureAwait(false);
        fake = new LokiPushFake(app);
        return fake;
    }

    /// <summary>Every entry kept for the tenant, with its stream's labels.</summary>
    public IReadOnlyList<(string Labels, LogEntry Entry)> Entries(string tenant) =>
        _entries.TryGetValue(tenant, out var queue) ? [.. queue] : [];

    /// <summary>Drops a tenant's entries (what a purge through Loki's delete API ends in).</summary>
    public void Purge(string tenant) => _entries.TryRemove(tenant, out _);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task PushAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var (status, message) = await HandleAsync(context.Request).ConfigureAwait(false);
        context.Response.StatusCode = status;
        if (message is not null)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(message + "\n").ConfigureAwait(false);
        }
    }

    private async Task<(int Status, string? Message)> HandleAsync(HttpRequest request)
    {
        if (Down)
        {
            return (503, "Loki is down (test)");
        }

        var tenant = request.Headers["X-Scope-OrgID"].ToString();
        if (tenant.Length == 0)
        {
            return (401, "no org id");
        }

        if (string.IsNullOrEmpty(request.ContentType))
        {
            return (400, "mime: no media type");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        var body = buffer.ToArray();
        var encoding = request.Headers.ContentEncoding.ToString();
        List<LogStreamEntries> streams;
        try
        {
            if (request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                streams = PushJsonReader.Read(encoding switch
                {
                    "" => body,
                    "gzip" => Inflate(new GZipStream(new MemoryStream(body), CompressionMode.Decompress)),
                    "deflate" => Inflate(new DeflateStream(new MemoryStream(body), CompressionMode.Decompress)),
                    _ => throw new NotSupportedException($"Content-Encoding \"{encoding}\" not supported"),
                });
            }
            else
            {
                if (encoding is not ("" or "snappy"))
                {
                    return (400, $"Content-Encoding \"{encoding}\" not supported");
                }

                streams = PushRequestReader.Read(Snappy.DecompressToArray(body));
            }
        }
        catch (NotSupportedException ex)
        {
            return (400, ex.Message);
        }
        catch (Exception ex) when (ex is LogFormatException or RemoteWriteFormatException or InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            return (400, $"error parsing push request: {ex.Message}");
        }

        foreach (var stream in streams)
        {
            if (!LabelSetSyntax.TryParse(stream.Labels, out var labels, out var error))
            {
                return (400, $"error parsing labels '{stream.Labels}' with error: {error}");
            }

            if (labels.Count == 0)
            {
                return (400, "error at least one label pair is required per stream");
            }
        }

        lock (_gate)
        {
            var queue = _entries.GetOrAdd(tenant, _ => new ConcurrentQueue<(string, LogEntry)>());
            foreach (var stream in streams)
            {
                foreach (var entry in stream.Entries)
                {
                    queue.Enqueue((stream.Labels, entry));
                }
            }
        }

        return (204, null);
    }

    private IResult CreateDelete(HttpContext context)
    {
        var tenant = RecordDeleteApiCall(context);
        if (tenant.Length == 0)
        {
            return NoOrgId;
        }

        var query = context.Request.Query["query"].ToString();
        if (query.Length == 0)
        {
            return Results.Text("query not set\n", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!LokiSelector.TryParse(query, out var selector))
        {
            return Results.Text("invalid query expression\n", statusCode: StatusCodes.Status400BadRequest);
        }

        var startText = context.Request.Query["start"].ToString();
        if (startText.Length == 0)
        {
            return Results.Text("start time not set\n", statusCode: StatusCodes.Status400BadRequest);
        }

        var now = DateTimeOffset.UtcNow;
        if (ParseTime(startText, now) is not { } start)
        {
            return Results.Text("invalid start time: require unix seconds or RFC3339 format\n", statusCode: StatusCodes.Status400BadRequest);
        }

        if (ParseTime(context.Request.Query["end"].ToString(), now) is not { } end)
        {
            return Results.Text("invalid end time: require unix seconds or RFC3339 format\n", statusCode: StatusCodes.Status400BadRequest);
        }

        if (end > now)
        {
            return Results.Text("deletes in the future are not allowed\n", statusCode: StatusCodes.Status400BadRequest);
        }

        if (start > end)
        {
            return Results.Text("start time can't be greater than end time\n", statusCode: StatusCodes.Status400BadRequest);
        }

        lock (_gate)
        {
            _deletes.GetOrAdd(tenant, _ => []).Add(new LokiDeleteRequest(
                Guid.NewGuid().ToString("N")[..8], query, selector!, start.ToUnixTimeSeconds(), end.ToUnixTimeSeconds(), now.ToUnixTimeMilliseconds() / 1000.0));
        }

        return Results.NoContent();
    }

    private IResult ListDeletes(HttpContext context)
    {
        var tenant = RecordDeleteApiCall(context);
        if (tenant.Length == 0)
        {
            return NoOrgId;
        }

        lock (_gate)
        {
            var requests = _deletes.TryGetValue(tenant, out var held) ? held.OrderBy(r => r.CreatedAt).ToList() : [];
            foreach (var request in requests.Where(r => !r.Processed))
            {
                if (++request.Lists > ListsUntilProcessed)
                {
                    Delete(tenant, request);
                    request.Processed = true;
                }
            }

            return Results.Json(requests.Select(r => new Dictionary<string, object>
            {
                ["request_id"] = r.RequestId,
                ["start_time"] = r.StartTime,
                ["end_time"] = r.EndTime,
                ["query"] = r.Query,
                ["status"] = r.Status,
                ["created_at"] = r.CreatedAt,
            }));
        }
    }

    private IResult CancelDelete(HttpContext context)
    {
        var tenant = RecordDeleteApiCall(context);
        if (tenant.Length == 0)
        {
            return NoOrgId;
        }

        var requestId = context.Request.Query["request_id"].ToString();
        lock (_gate)
        {
            var held = _deletes.TryGetValue(tenant, out var requests) ? requests : [];
            var request = held.Find(r => r.RequestId == requestId);
            if (request is null)
            {
                return Results.Text("could not find delete request with given id\n", statusCode: StatusCodes.Status404NotFound);
            }

            if (request.Processed)
            {
                return Results.Text("deletion of request which is in process or already processed is not allowed\n", statusCode: StatusCodes.Status400BadRequest);
            }

            held.Remove(request);
        }

        return Results.NoContent();
    }

    /// <summary>Records a call of the delete API; its tenant, "" without <c>X-Scope-OrgID</c>.</summary>
    private string RecordDeleteApiCall(HttpContext context)
    {
        var tenant = context.Request.Headers["X-Scope-OrgID"].ToString();
        _deleteApiCalls.Enqueue(new LokiDeleteApiCall(context.Request.Method, context.Request.QueryString.Value ?? "", tenant.Length == 0 ? null : tenant));
        return tenant;
    }

    /// <summary>What the compactor does once the cancel period is over: drop the selected entries in the range (under the gate).</summary>
    private void Delete(string tenant, LokiDeleteRequest request)
    {
        if (!_entries.TryGetValue(tenant, out var queue))
        {
            return;
        }

        var startNs = request.StartTime * 1_000_000_000;
        var endNs = (request.EndTime + 1) * 1_000_000_000;
        var kept = queue.Where(e => !(request.Selector.Matches(e.Labels) && e.Entry.TimestampNs >= startNs && e.Entry.TimestampNs < endNs));
        _entries[tenant] = new ConcurrentQueue<(string, LogEntry)>(kept);
    }

    /// <summary>Loki's rule: RFC 3339, or exactly ten digits of unix seconds; empty means now.</summary>
    private static DateTimeOffset? ParseTime(string text, DateTimeOffset now)
    {
        if (text.Length == 0)
        {
            return now;
        }

        if (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var rfc3339))
        {
            return rfc3339;
        }

        return text.Length == 10 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    private static byte[] Inflate(Stream inflater)
    {
        using (inflater)
        {
            using var output = new MemoryStream();
            inflater.CopyTo(output);
            return output.ToArray();
        }
    }
}
