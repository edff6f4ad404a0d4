using System.Net;
using Mla.Writer.Configuration;
using Mla.Writer.Sinks;
using Mla.Writer.Tests.Fakes;

namespace Mla.Writer.Tests.Sinks;

public sealed class HttpPushSinkClientTests
{
    [Fact]
    public void A_write_carries_the_remote_write_headers_the_tenant_and_the_static_headers()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        using var client = Client(new SinkOptions
        {
            Url = "http://mimir/api/v1/push",
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer secret" },
        }, handler);

        var response = client.Send("cluster-7", [1, 2, 3], CancellationToken.None);

        Assert.Equal(SinkOutcome.Accepted, response.Outcome);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("cluster-7", request.Headers.GetValues("X-Scope-OrgID").Single());
        Assert.Equal("Bearer secret", request.Headers.GetValues("Authorization").Single());
        Assert.Equal("0.1.0", request.Headers.GetValues("X-Prometheus-Remote-Write-Version").Single());
        Assert.StartsWith("mla-writer/", request.Headers.UserAgent.ToString(), StringComparison.Ordinal);
        Assert.Equal("snappy", Assert.Single(request.Content!.Headers.ContentEncoding));
        Assert.Equal("application/x-protobuf", request.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 1, 2, 3 }, handler.Bodies.Single());
    }

    [Fact]
    public void A_loki_sink_pushes_with_the_tenant_header_and_without_the_remote_write_header()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        using var client = Client(new SinkOptions { Type = "loki", Url = "http://loki/loki/api/v1/push" }, handler);

        var response = client.Send("cluster-7", [1, 2, 3], CancellationToken.None);

        Assert.Equal(SinkOutcome.Accepted, response.Outcome);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("cluster-7", request.Headers.GetValues("X-Scope-OrgID").Single());
        Assert.False(request.Headers.Contains("X-Prometheus-Remote-Write-Version"));
        Assert.Equal("application/x-protobuf", request.Content!.Headers.ContentType!.MediaType);
    }

    [Fact]
    public void A_400_is_rejected_with_the_receivers_text_as_reason()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("cannot unmarshal " + new string('x', 3000)) });
        using var client = Client(new SinkOptions { Url = "http://vm/api/v1/write", TenantPlacement = "extra-label" }, handler);

        var response = client.Send("t", [0], CancellationToken.None);

        Assert.Equal(SinkOutcome.Rejected, response.Outcome);
        Assert.Equal(400, response.Status);
        Assert.StartsWith("cannot unmarshal", response.Reason, StringComparison.Ordinal);
        Assert.True(response.Reason.Length <= 1024);
        Assert.Equal("http://vm/api/v1/write?extra_label=tenant%3Dt", handler.Requests.Single().RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void A_429_with_Retry_After_is_retryable_and_says_when()
    {
        var handler = new RecordingHandler(_ =>
        {
            var answer = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("ingestion rate limit") };
            answer.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
            return answer;
        });
        using var client = Client(new SinkOptions { Url = "http://mimir/api/v1/push" }, handler);

        var response = client.Send("t", [0], CancellationToken.None);

        Assert.Equal(SinkOutcome.Retryable, response.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(3), response.RetryAfter);
    }

    [Fact]
    public void A_network_error_is_retryable()
    {
        var handler = new RecordingHandler(_ => throw new HttpRequestException("Connection refused"));
        using var client = Client(new SinkOptions { Url = "http://mimir/api/v1/push" }, handler);

        var response = client.Send("t", [0], CancellationToken.None);

        Assert.Equal(SinkOutcome.Retryable, response.Outcome);
        Assert.Equal(0, response.Status);
        Assert.Contains("Connection refused", response.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_without_an_answer_within_the_timeout_is_retryable()
    {
        var handler = new RecordingHandler((_, cancellationToken) =>
        {
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            cancellationToken.ThrowIfCancellationRequested();
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        });
        using var client = Client(new SinkOptions { Url = "http://mimir/api/v1/push", Timeout = TimeSpan.FromMilliseconds(200) }, handler);

        var response = client.Send("t", [0], CancellationToken.None);

        Assert.Equal(SinkOutcome.Retryable, response.Outcome);
        Assert.Contains("no answer within 0.2 s", response.Reason, StringComparison.Ordinal);
    }

    private static HttpPushSinkClient Client(SinkOptions options, HttpMessageHandler handler) =>
        new("test", options, TestMetrics.Create(), handler);
}
