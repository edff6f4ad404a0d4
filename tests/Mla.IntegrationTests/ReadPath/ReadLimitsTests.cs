using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Mla.IntegrationTests.ReadPath;

/// <summary>
/// Per-tenant series and samples per query against the real VictoriaMetrics: tenant A (its own limits of 5 series and
/// 60 samples) is refused a query over either with 422 and a reason naming A and the limit, passes one within them;
/// B (the read path's defaults) is unaffected by A's limits; <c>series</c> and <c>label/…/values</c> are capped by
/// the <c>limit</c> the gateway sends, and the caller's own <c>limit</c> (larger, zero, negative, repeated, in the
/// form, upper case) never raises it.
/// </summary>
[Collection(ReadPathCollection.Name)]
public sealed class ReadLimitsTests(ReadPathFixture fixture)
{
    private ReadPathGateway Gateway => fixture.Limited;

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task A_query_over_the_tenants_series_limit_is_refused_with_the_reason(string method)
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);

        var (status, body) = await SendAsync(a, method, "query", [new("query", "mla_wide")]);

        Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{(int)status} {body}");
        using var error = JsonDocument.Parse(body);
        Assert.Equal("error", error.RootElement.GetProperty("status").GetString());
        Assert.Equal("execution", error.RootElement.GetProperty("errorType").GetString());
        var reason = error.RootElement.GetProperty("error").GetString()!;
        Assert.Contains(Gateway.TenantA, reason, StringComparison.Ordinal);
        Assert.Contains($"more than {ReadPathFixture.SeriesLimitA} series", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_within_the_series_limit_passes()
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);

        var (status, body) = await SendAsync(a, "GET", "query", [new("query", "mla_wide{i=~\"[0-4]\"}")]);

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        Assert.Equal(ReadPathFixture.SeriesLimitA, Result(body).GetArrayLength());
    }

    [Fact]
    public async Task A_range_query_over_the_tenants_samples_limit_is_refused_and_a_coarser_one_passes()
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var start = end - 300;

        var (fine, fineBody) = await SendAsync(a, "GET", "query_range", Range("mla_wide{i=\"0\"}", start, end, step: 1));
        var (coarse, coarseBody) = await SendAsync(a, "GET", "query_range", Range("mla_wide{i=~\"[0-4]\"}", start, end, step: 60));

        Assert.True(fine == HttpStatusCode.UnprocessableEntity, $"{(int)fine} {fineBody[..Math.Min(500, fineBody.Length)]}");
        Assert.Contains(Gateway.TenantA, fineBody, StringComparison.Ordinal);
        Assert.Contains($"more than {ReadPathFixture.SamplesLimitA} samples", fineBody, StringComparison.Ordinal);
        Assert.True(coarse == HttpStatusCode.OK, $"{(int)coarse} {coarseBody}");
        var points = Result(coarseBody).EnumerateArray().Sum(s => s.GetProperty("values").GetArrayLength());
        Assert.InRange(points, 1, ReadPathFixture.SamplesLimitA);
    }

    [Fact]
    public async Task Another_tenant_is_unaffected_by_As_limits()
    {
        using var b = Gateway.Client(Gateway.ReadTokenB);
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var (instant, instantBody) = await SendAsync(b, "GET", "query", [new("query", "mla_wide")]);
        var (range, rangeBody) = await SendAsync(b, "GET", "query_range", Range("mla_wide{i=\"0\"}", end - 300, end, step: 1));
        var (series, seriesBody) = await SendAsync(b, "GET", "series", [new("match[]", "mla_wide"), new("start", (end - 600).ToString(CultureInfo.InvariantCulture))]);

        Assert.True(instant == HttpStatusCode.OK, $"{(int)instant} {instantBody}");
        Assert.Equal(ReadPathFixture.WideSeries, Result(instantBody).GetArrayLength());
        Assert.True(range == HttpStatusCode.OK, $"{(int)range} {rangeBody[..Math.Min(500, rangeBody.Length)]}");
        Assert.True(Result(rangeBody)[0].GetProperty("values").GetArrayLength() > ReadPathFixture.SamplesLimitA);
        Assert.True(series == HttpStatusCode.OK, $"{(int)series} {seriesBody}");
        Assert.Equal(ReadPathFixture.WideSeries, Data(seriesBody).GetArrayLength());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "limit=100")]
    [InlineData("GET", "limit=0")]
    [InlineData("GET", "limit=-1")]
    [InlineData("GET", "limit=abc")]
    [InlineData("GET", "limit=100&limit=2")]
    [InlineData("GET", "LIMIT=100")]
    [InlineData("GET", "limit=99999999999999999999")]
    [InlineData("POST", "limit=100")]
    public async Task The_callers_own_limit_never_raises_the_series_limit(string method, string callerLimit)
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);
        var start = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600).ToString(CultureInfo.InvariantCulture);
        var extra = callerLimit.Length == 0 ? [] : callerLimit.Split('&').Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string>(p[0], p[1]));

        var (series, seriesBody) = await SendAsync(a, method, "series", [new("match[]", "mla_wide"), new("start", start), .. extra]);
        var (values, valuesBody) = await SendAsync(a, method, "label/i/values", [new("start", start), .. extra]);

        Assert.True(series == HttpStatusCode.OK, $"{(int)series} {seriesBody}");
        Assert.Equal(ReadPathFixture.SeriesLimitA, Data(seriesBody).GetArrayLength());
        Assert.True(values == HttpStatusCode.OK, $"{(int)values} {valuesBody}");
        Assert.Equal(ReadPathFixture.SeriesLimitA, Data(valuesBody).GetArrayLength());
    }

    [Fact]
    public async Task A_smaller_limit_of_the_caller_is_kept()
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);
        var start = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600).ToString(CultureInfo.InvariantCulture);

        var (status, body) = await SendAsync(a, "GET", "series", [new("match[]", "mla_wide"), new("start", start), new("limit", "2")]);

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        Assert.Equal(2, Data(body).GetArrayLength());
    }

    private static KeyValuePair<string, string>[] Range(string query, long start, long end, int step) =>
    [
        new("query", query),
        new("start", start.ToString(CultureInfo.InvariantCulture)),
        new("end", end.ToString(CultureInfo.InvariantCulture)),
        new("step", step.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>GET with the pairs in the query string, or POST with them as the form.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, string method, string path, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        using var request = method == "GET"
            ? new HttpRequestMessage(HttpMethod.Get, "/prometheus/api/v1/" + path + "?" + string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))))
            : new HttpRequestMessage(HttpMethod.Post, "/prometheus/api/v1/" + path) { Content = new FormUrlEncodedContent(pairs) };
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Data(string body) => JsonDocument.Parse(body).RootElement.GetProperty("data").Clone();

    private static JsonElement Result(string body) => Data(body).GetProperty("result");
}
