using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mla.Tenants.Tests.Purge.Fakes;

/// <summary>
/// Loki's log deletion API (compactor) as documented: <c>POST /loki/api/v1/delete?query=…&amp;start=…[&amp;end=…]</c>
/// answers 204 without a body (400 for a missing query or start, a malformed time or an end in the future);
/// <c>GET /loki/api/v1/delete</c> answers the tenant's requests as a JSON list (<c>request_id</c>, <c>start_time</c>,
/// <c>end_time</c>, <c>query</c>, <c>status</c>, <c>created_at</c>, times in unix seconds). A request is
/// <c>received</c> until <see cref="ListsUntilProcessed"/> list requests later (the cancel period), then <c>processed</c>.
/// Without <c>X-Scope-OrgID</c>: 401.
/// </summary>
internal sealed partial class FakeLokiCompactor : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Entry>> _requests = new(StringComparer.Ordinal);

    private FakeLokiCompactor(FakeStoreServer server) => Server = server;

    public FakeStoreServer Server { get; }

    public Uri BaseUri => Server.BaseUri;

    public int ListsUntilProcessed { get; set; } = 2;

    public static async Task<FakeLokiCompactor> StartAsync()
    {
        FakeLokiCompactor? fake = null;
        var server = await FakeStoreServer.StartAsync(app =>
        {
            app.MapPost("/loki/api/v1/delete", (HttpContext context) => fake!.Create(context));
            app.MapGet("/loki/api/v1/delete", (HttpContext context) => fake!.List(context));
        });
        fake = new FakeLokiCompactor(server);
        return fake;
    }

    public IReadOnlyList<(string Query, string Status)> RequestsOf(string tenant) =>
        _requests.TryGetValue(tenant, out var entries) ? entries.Select(e => (e.Query, StatusOf(e))).ToList() : [];

    /// <summary>A request made earlier (e.g. by a previous purge or by hand), with its own creation time.</summary>
    public void AddExisting(string tenant, string query, DateTimeOffset createdAt, bool processed) =>
        _requests.GetOrAdd(tenant, _ => new()).Enqueue(new Entry(
            Guid.NewGuid().ToString("N")[..8], query, 0, createdAt.ToUnixTimeSeconds(), createdAt.ToUnixTimeSeconds())
        {
            Lists = processed ? int.MaxValue / 2 : 0,
        });

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private IResult Create(HttpContext context)
    {
        if (FakeStoreServer.OrgId(context) is not { } tenant)
        {
            return FakeStoreServer.NoOrgId();
        }

        var query = context.Request.Query["query"].ToString();
        if (query.Length == 0)
        {
            return Results.Text("query not set\n", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!SelectorShape().IsMatch(query))
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

        _requests.GetOrAdd(tenant, _ => new()).Enqueue(new Entry(
            Guid.NewGuid().ToString("N")[..8], query, start.ToUnixTimeSeconds(), end.ToUnixTimeSeconds(), now.ToUnixTimeMilliseconds() / 1000.0));
        return Results.NoContent();
    }

    private IResult List(HttpContext context)
    {
        if (FakeStoreServer.OrgId(context) is not { } tenant)
        {
            return FakeStoreServer.NoOrgId();
        }

        var entries = _requests.TryGetValue(tenant, out var held) ? held.OrderBy(e => e.CreatedAt).ToList() : [];
        foreach (var entry in entries)
        {
            entry.Lists++;
        }

        return Results.Json(entries.Select(e => new Dictionary<string, object>
        {
            ["request_id"] = e.RequestId,
            ["start_time"] = e.StartTime,
            ["end_time"] = e.EndTime,
            ["query"] = e.Query,
            ["status"] = StatusOf(e),
            ["created_at"] = e.CreatedAt,
        }));
    }

    private string StatusOf(Entry entry) => entry.Lists > ListsUntilProcessed ? "processed" : "received";

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

    /// <summary>A stream selector with at least one matcher, optionally followed by line filters.</summary>
    [GeneratedRegex("""^\{\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"]*"(\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"]*")*\s*\}""")]
    private static partial Regex SelectorShape();

    private sealed record Entry(string RequestId, string Query, long StartTime, long EndTime, double CreatedAt)
    {
        public int Lists { get; set; }
    }
}
