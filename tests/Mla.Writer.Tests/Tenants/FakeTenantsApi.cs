using System.Net;
using System.Text;
using System.Text.Json;
using Mla.Contracts.Tenants;
using Mla.Tenants.Client;

namespace Mla.Writer.Tests.Tenants;

/// <summary>
/// The tenant service's <c>GET /api/v1/tenants</c> as a message handler: answers <see cref="Tenants"/> as its JSON
/// page, or what <see cref="Answer"/> returns when set (an error status, a thrown network error).
/// </summary>
internal sealed class FakeTenantsApi : HttpMessageHandler
{
    public List<TenantState> Tenants { get; } = [];

    public Func<HttpRequestMessage, HttpResponseMessage>? Answer { get; set; }

    public List<Uri> Requests { get; } = [];

    public TenantsApiClient Client() => new(new HttpClient(this, disposeHandler: false) { BaseAddress = new Uri("http://tenants.test/") });

    public static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request.RequestUri!);
        if (Answer is { } answer)
        {
            return Task.FromResult(answer(request));
        }

        var page = new { items = Tenants, count = Tenants.Count };
        return Task.FromResult(Json(JsonSerializer.Serialize(page, TenantsApiClient.Json)));
    }
}
