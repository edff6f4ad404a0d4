using System.Net.Http.Headers;
using Mla.Gateway.RemoteWrite;

namespace Mla.IntegrationTests.Gateway;

/// <summary>A remote-write request as Prometheus sends it (or a Loki push, with its path and headers), with knobs to send it wrong.</summary>
internal sealed record PushRequest(byte[] Body)
{
    public string? Bearer { get; init; }

    public string? TenantHeader { get; init; }

    public string? ContentType { get; init; } = "application/x-protobuf";

    public string? ContentEncoding { get; init; } = "snappy";

    public string? TraceParent { get; init; }

    /// <summary>The path posted to (the remote-write route unless told).</summary>
    public string Path { get; init; } = PushEndpoint.Route;

    public HttpRequestMessage ToMessage()
    {
        var content = new ByteArrayContent(Body);
        if (ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        if (ContentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(ContentEncoding);
        }

        var message = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("mla-gateway-tests", "1.0"));
        message.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        if (Bearer is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Bearer);
        }

        if (TenantHeader is not null)
        {
            message.Headers.Add("X-Scope-OrgID", TenantHeader);
        }

        if (TraceParent is not null)
        {
            message.Headers.Add("traceparent", TraceParent);
        }

        return message;
    }
}
