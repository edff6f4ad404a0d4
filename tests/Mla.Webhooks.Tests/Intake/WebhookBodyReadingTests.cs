using Microsoft.AspNetCore.Http;
using Mla.Webhooks.Intake;

namespace Mla.Webhooks.Tests.Intake;

/// <summary>The raw body as the signature sees it, whatever the sender claims in Content-Length.</summary>
public sealed class WebhookBodyReadingTests
{
    private const int Limit = 4096;

    [Fact]
    public async Task Content_length_zero_gives_an_empty_body()
    {
        var body = await ReadAsync(contentLength: 0, bodyBytes: 0);
        Assert.NotNull(body);
        Assert.Empty(body);
    }

    [Fact]
    public async Task A_body_without_content_length_is_read_whole()
    {
        var body = await ReadAsync(contentLength: null, bodyBytes: Limit);
        Assert.Equal(Limit, body!.Length);
    }

    [Fact]
    public async Task A_body_without_content_length_that_grows_past_the_limit_is_refused()
    {
        Assert.Null(await ReadAsync(contentLength: null, bodyBytes: Limit + 1));
    }

    [Fact]
    public async Task A_content_length_over_the_limit_is_refused_before_reading()
    {
        Assert.Null(await ReadAsync(contentLength: Limit + 1, bodyBytes: 10));
    }

    [Fact]
    public async Task A_content_length_larger_than_the_body_sent_reads_what_came()
    {
        // Kestrel would fail such a request; the reader itself never trusts the header for more than a buffer size.
        var body = await ReadAsync(contentLength: Limit, bodyBytes: 3);
        Assert.Equal(3, body!.Length);
    }

    private static Task<byte[]?> ReadAsync(long? contentLength, int bodyBytes)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentLength = contentLength;
        context.Request.Body = new MemoryStream(Enumerable.Repeat((byte)'x', bodyBytes).ToArray());
        return KkpWebhookEndpoint.ReadBodyAsync(context.Request, Limit, CancellationToken.None);
    }
}
