using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Mla.Gateway.ReadPath;

namespace Mla.Gateway.Tests.ReadPath;

/// <summary>
/// An answer over a limit within the held bytes is refused with 422 and nothing of it is sent; a larger answer is
/// streamed and, when it goes over a limit later, the connection is aborted; one within its limits passes unchanged.
/// </summary>
public sealed class MeteredAnswerTests
{
    private static readonly ReadCaller Caller = new(new Mla.Gateway.Tenants.Tenant("tenant-a", false, null, Mla.Gateway.Limits.TenantLimits.Resolve(new Mla.Gateway.Limits.LimitsOptions(), null)), null);

    [Fact]
    public async Task An_answer_within_its_limits_passes_unchanged()
    {
        var answer = Matrix(series: 3, points: 4);
        var (context, aborted) = Context();

        await Metered().CopyAsync(Response(answer), context, Caller, new ReadLimits(1, 1, 3, 12), maxHeldBytes: 1 << 20, CancellationToken.None);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(answer, Body(context));
        Assert.False(aborted());
    }

    [Theory]
    [InlineData(2, 1000, "more than 2 series")]
    [InlineData(1000, 11, "more than 11 samples")]
    public async Task An_answer_over_a_limit_within_the_held_bytes_is_refused_with_422_and_the_reason(int maxSeries, long maxSamples, string reason)
    {
        var (context, aborted) = Context();

        await Metered().CopyAsync(Response(Matrix(series: 3, points: 4)), context, Caller, new ReadLimits(1, 1, maxSeries, maxSamples), maxHeldBytes: 1 << 20, CancellationToken.None);

        Assert.Equal(422, context.Response.StatusCode);
        using var error = JsonDocument.Parse(Body(context));
        var text = error.RootElement.GetProperty("error").GetString()!;
        Assert.Contains("tenant-a", text, StringComparison.Ordinal);
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"values\"", Body(context), StringComparison.Ordinal);
        Assert.False(aborted());
    }

    [Fact]
    public async Task An_answer_larger_than_the_held_bytes_that_goes_over_a_limit_later_is_cut_off()
    {
        var answer = Matrix(series: 2000, points: 2);
        var (context, aborted) = Context();

        await Metered().CopyAsync(Response(answer), context, Caller, new ReadLimits(1, 1, 1500, 1_000_000), maxHeldBytes: 4096, CancellationToken.None);

        Assert.True(aborted());
        Assert.Equal(200, context.Response.StatusCode);
        var sent = Body(context);
        Assert.True(sent.Length >= 4096 && sent.Length < answer.Length, $"sent {sent.Length} of {answer.Length} bytes");
    }

    [Fact]
    public async Task A_store_error_passes_as_it_is_and_an_unreadable_answer_is_502()
    {
        var (error, _) = Context();
        var (broken, _) = Context();
        var storeError = """{"status":"error","errorType":"422","error":"cannot parse"}""";

        await Metered().CopyAsync(Response(storeError, HttpStatusCode.UnprocessableEntity), error, Caller, new ReadLimits(1, 1, 1, 1), 1 << 20, CancellationToken.None);
        await Metered().CopyAsync(Response("{\"data\":[1,,]}"), broken, Caller, new ReadLimits(1, 1, 1, 1), 1 << 20, CancellationToken.None);

        Assert.Equal(422, error.Response.StatusCode);
        Assert.Equal(storeError, Body(error));
        Assert.Equal(502, broken.Response.StatusCode);
    }

    private static MeteredAnswer Metered() =>
        new(new ReadPathMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())), NullLogger<MeteredAnswer>.Instance);

    private static string Matrix(int series, int points)
    {
        var builder = new StringBuilder("""{"status":"success","data":{"resultType":"matrix","result":[""");
        for (var s = 0; s < series; s++)
        {
            builder.Append(s == 0 ? "" : ",").Append("{\"metric\":{\"i\":\"").Append(s).Append("\"},\"values\":[");
            builder.AppendJoin(',', Enumerable.Range(0, points).Select(p => $"[{p},\"1\"]"));
            builder.Append("]}");
        }

        return builder.Append("]}}").ToString();
    }

    private static HttpResponseMessage Response(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static (DefaultHttpContext Context, Func<bool> Aborted) Context()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var lifetime = new RecordingLifetime();
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        context.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        return (context, () => lifetime.Aborted);
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private sealed class RecordingLifetime : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }

        public bool Aborted { get; private set; }

        public void Abort() => Aborted = true;
    }
}
