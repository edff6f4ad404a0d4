using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mla.Tenants.Tests.Purge.Fakes;

namespace Mla.Tenants.Tests.Purge;

/// <summary>The VictoriaMetrics fake deletes and lists series per tenant label as VictoriaMetrics 1.79 does.</summary>
public sealed class FakeVictoriaMetricsTests
{
    private const string Every = "match%5B%5D=%7B__name__%3D~%22.%2B%22%7D";

    [Fact]
    public async Task Delete_series_with_extra_label_deletes_only_that_tenants_series_and_answers_204()
    {
        await using var fake = await FakeVictoriaMetrics.StartAsync();
        fake.AddSeries("A", "up", "cpu");
        fake.AddSeries("B", "up");
        using var http = new HttpClient { BaseAddress = fake.BaseUri };

        Assert.Equal(2, await CountAsync(http, "A"));
        using var deleted = await http.PostAsync(new Uri($"api/v1/admin/tsdb/delete_series?{Every}&extra_label=tenant%3DA", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, await CountAsync(http, "A"));
        Assert.Equal(["up"], fake.SeriesOf("B"));
    }

    [Fact]
    public async Task Delete_series_without_match_is_refused_with_400()
    {
        await using var fake = await FakeVictoriaMetrics.StartAsync();
        using var http = new HttpClient { BaseAddress = fake.BaseUri };

        using var response = await http.PostAsync(new Uri("api/v1/admin/tsdb/delete_series", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_late_series_shows_up_after_the_given_number_of_series_requests()
    {
        await using var fake = await FakeVictoriaMetrics.StartAsync();
        fake.AddLateSeries("A", "late", afterSeriesCalls: 1);
        using var http = new HttpClient { BaseAddress = fake.BaseUri };

        Assert.Equal(0, await CountAsync(http, "A"));
        Assert.Equal(1, await CountAsync(http, "A"));
    }

    private static async Task<int> CountAsync(HttpClient http, string tenant)
    {
        var answer = await http.GetFromJsonAsync<JsonElement>(new Uri($"api/v1/series?{Every}&extra_label=tenant%3D{tenant}&start=0", UriKind.Relative));
        Assert.Equal("success", answer.GetProperty("status").GetString());
        return answer.GetProperty("data").GetArrayLength();
    }
}
