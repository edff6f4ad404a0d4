namespace Mla.Writer.Tests.Fakes;

/// <summary>An HTTP handler that records requests and bodies and answers from a function.</summary>
internal sealed class RecordingHandler(Func<HttpRequestMessage, CancellationToken, HttpResponseMessage> answer) : HttpMessageHandler
{
    public RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage> answer)
        : this((request, _) => answer(request))
    {
    }

    public List<HttpRequestMessage> Requests { get; } = [];

    public List<byte[]> Bodies { get; } = [];

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        Bodies.Add(request.Content!.ReadAsByteArrayAsync(cancellationToken).GetAwaiter().GetResult());
        return answer(request, cancellationToken);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));
}
