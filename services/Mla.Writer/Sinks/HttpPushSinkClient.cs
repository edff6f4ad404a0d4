using System.Diagnostics;
using System.Net.Http.Headers;
using Mla.Writer.Configuration;
using Mla.Writer.Metrics;

namespace Mla.Writer.Sinks;

/// <summary>
/// An HTTP receiver of snappy-compressed protobuf pushes: a Prometheus remote-write 1.0 receiver
/// (https://prometheus.io/docs/specs/remote_write_spec/, a WriteRequest with the spec's headers) or, for sink type
/// <c>loki</c>, Loki's push API (a PushRequest, https://grafana.com/docs/loki/latest/reference/loki-http-api/#ingest-logs); the tenant placed per the sink's configuration.
/// </summary>
public sealed class HttpPushSinkClient : ISinkClient, IDisposable
{
    private static readonly string UserAgent = $"mla-writer/{typeof(HttpPushSinkClient).Assembly.GetName().Version?.ToString(3) ?? "0"}";

    private readonly HttpClient _http;
    private readonly SinkRequestBuilder _requests;
    private readonly TimeSpan _timeout;
    private readonly WriterMetrics _metrics;
    private readonly bool _remoteWrite;

    public HttpPushSinkClient(string name, SinkOptions options, WriterMetrics metrics, HttpMessageHandler? handler = null)
    {
        Name = name;
        _requests = new SinkRequestBuilder(options);
        _timeout = options.Timeout;
        _remoteWrite = SinkTypes.IsRemoteWrite(options.Type);
        _metrics = metrics;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    public string Name { get; }

    public SinkResponse Send(string tenant, byte[] body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, _requests.UrlFor(tenant)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Content.Headers.ContentEncoding.Add("snappy");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (_remoteWrite)
        {
            request.Headers.TryAddWithoutValidation("X-Prometheus-Remote-Write-Version", "0.1.0");
        }
        foreach (var (header, value) in _requests.StaticHeaders)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        if (_requests.TenantHeaderFor(tenant) is { } tenantHeader)
        {
            request.Headers.Remove(tenantHeader.Key);
            request.Headers.TryAddWithoutValidation(tenantHeader.Key, tenantHeader.Value);
        }

        var clock = Stopwatch.StartNew();
        SinkResponse response;
        try
        {
            using var answer = _http.Send(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var status = (int)answer.StatusCode;
            var outcome = SinkResponse.Classify(status);
            response = outcome == SinkOutcome.Accepted
                ? SinkResponse.Accepted(status)
                : new SinkResponse(outcome, status, ReadReason(answer, timeout.Token), RetryAfter(answer));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            response = new SinkResponse(SinkOutcome.Retryable, 0, $"no answer within {_timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            response = new SinkResponse(SinkOutcome.Retryable, 0, ReasonText.Truncate(ex.InnerException?.Message is { } inner ? $"{ex.Message} ({inner})" : ex.Message));
        }
        catch (IOException ex)
        {
            response = new SinkResponse(SinkOutcome.Retryable, 0, ReasonText.Truncate(ex.Message));
        }

        _metrics.SinkRequestDuration.WithLabels(Name, OutcomeLabel(response)).Observe(clock.Elapsed.TotalSeconds);
        return response;
    }

    public void Dispose() => _http.Dispose();

    private static string OutcomeLabel(SinkResponse response) => response.Outcome switch
    {
        SinkOutcome.Accepted => "accepted",
        SinkOutcome.Rejected => "rejected",
        _ => response.Status == 0 ? "error" : "retryable",
    };

    private static string ReadReason(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = answer.Content.ReadAsStream(cancellationToken);
            using var reader = new StreamReader(stream);
            var buffer = new char[SinkResponse.MaxReasonBytes];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            var text = new string(buffer, 0, read);
            return ReasonText.Truncate(text.Length == 0 ? $"HTTP {(int)answer.StatusCode} {answer.ReasonPhrase}" : text);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            return $"HTTP {(int)answer.StatusCode} {answer.ReasonPhrase}";
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage answer) =>
        answer.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
}
