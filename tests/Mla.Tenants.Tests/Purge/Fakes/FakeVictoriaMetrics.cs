using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mla.Tenants.Tests.Purge.Fakes;

/// <summary>
/// The part of VictoriaMetrics single node the purge uses, as measured on 1.79: series carry a tenant label;
/// <c>/api/v1/admin/tsdb/delete_series?match[]=…&amp;extra_label=tenant=A</c> deletes only A's series and answers 204
/// (400 without <c>match[]</c>); <c>/api/v1/series</c> with the same arguments answers
/// <c>{"status":"success","data":[…]}</c>. Only the matcher <c>{__name__=~".+"}</c> is understood.
/// <see cref="AddLateSeries"/> models a series written just before the delete that becomes visible only later.
/// </summary>
internal sealed class FakeVictoriaMetrics : IAsyncDisposable
{
    private const string EverySeries = "{__name__=~\".+\"}";
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _series = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Tenant, string Metric, int AfterSeriesCalls)> _late = new();
    private int _seriesCalls;

    private FakeVictoriaMetrics(FakeStoreServer server) => Server = server;

    public FakeStoreServer Server { get; }

    public Uri BaseUri => Server.BaseUri;

    public string TenantLabel { get; set; } = "tenant";

    /// <summary>When set, every request answers this status.</summary>
    public int? FailWith { get; set; }

    public static async Task<FakeVictoriaMetrics> StartAsync()
    {
        FakeVictoriaMetrics? fake = null;
        var server = await FakeStoreServer.StartAsync(app =>
        {
            app.Map("/api/v1/admin/tsdb/delete_series", (HttpContext context) => fake!.Delete(context));
            app.MapGet("/api/v1/series", (HttpContext context) => fake!.Series(context));
        });
        fake = new FakeVictoriaMetrics(server);
        return fake;
    }

    public void AddSeries(string tenant, params string[] metrics)
    {
        var held = _series.GetOrAdd(tenant, _ => new(StringComparer.Ordinal));
        foreach (var metric in metrics)
        {
            held[metric] = 0;
        }
    }

    /// <summary>A series that appears once <paramref name="afterSeriesCalls"/> series requests were answered.</summary>
    public void AddLateSeries(string tenant, string metric, int afterSeriesCalls) => _late.Enqueue((tenant, metric, afterSeriesCalls));

    public IReadOnlyList<string> SeriesOf(string tenant) =>
        _series.TryGetValue(tenant, out var held) ? held.Keys.Order(StringComparer.Ordinal).ToList() : [];

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private IResult Delete(HttpContext context)
    {
        if (FailWith is { } failure)
        {
            return Results.Text("cannot delete series: storage is read-only\n", statusCode: failure);
        }

        if (!TryScope(context, out var tenant, out var error))
        {
            return error!;
        }

        if (tenant is null)
        {
            _series.Clear();
        }
        else
        {
            _series.TryRemove(tenant, out _);
        }

        return Results.NoContent();
    }

    private IResult Series(HttpContext context)
    {
        if (FailWith is { } failure)
        {
            return Results.Text("search failed\n", statusCode: failure);
        }

        var calls = Interlocked.Increment(ref _seriesCalls);
        foreach (var late in _late.Where(l => l.AfterSeriesCalls < calls).ToList())
        {
            AddSeries(late.Tenant, late.Metric);
        }

        var remaining = _late.Where(l => l.AfterSeriesCalls >= calls).ToList();
        _late.Clear();
        foreach (var late in remaining)
        {
            _late.Enqueue(late);
        }

        if (!TryScope(context, out var tenant, out var error))
        {
            return error!;
        }

        var series = _series
            .Where(t => tenant is null || t.Key == tenant)
            .SelectMany(t => t.Value.Keys.Select(metric => new Dictionary<string, string> { ["__name__"] = metric, [TenantLabel] = t.Key }))
            .ToList();
        return Results.Json(new Dictionary<string, object> { ["status"] = "success", ["data"] = series });
    }

    private bool TryScope(HttpContext context, out string? tenant, out IResult? error)
    {
        tenant = null;
        error = null;
        var match = context.Request.Query["match[]"].ToString();
        if (match.Length == 0)
        {
            error = Results.Text("missing `match[]` arg\n", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        if (match != EverySeries)
        {
            error = Results.Text($"this fake only understands match[]={EverySeries}\n", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        var extra = context.Request.Query["extra_label"].ToString();
        if (extra.Length > 0)
        {
            var parts = extra.Split('=', 2);
            if (parts.Length != 2 || parts[0] != TenantLabel)
            {
                error = Results.Text($"this fake only scopes by extra_label={TenantLabel}=<id>\n", statusCode: StatusCodes.Status400BadRequest);
                return false;
            }

            tenant = parts[1];
        }

        return true;
    }
}
