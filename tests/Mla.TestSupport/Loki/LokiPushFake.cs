using System.Collections.Concurrent;
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
/// </summary>
public sealed class LokiPushFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Labels, LogEntry Entry)>> _entries = new(StringComparer.Ordinal);
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

    public static async Task<LokiPushFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LokiPushFake? fake = null;
        app.MapPost("/loki/api/v1/push", (HttpContext context) => fake!.PushAsync(context));
        app.MapPost("/api/prom/push", (HttpContext context) => fake!.PushAsync(context));
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

        var queue = _entries.GetOrAdd(tenant, _ => new ConcurrentQueue<(string, LogEntry)>());
        foreach (var stream in streams)
        {
            foreach (var entry in stream.Entries)
            {
                queue.Enqueue((stream.Labels, entry));
            }
        }

        return (204, null);
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
