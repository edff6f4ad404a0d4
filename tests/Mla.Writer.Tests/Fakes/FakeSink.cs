using Mla.TestSupport.VictoriaMetrics;
using Mla.Writer.Sinks;
using Snappier;

namespace Mla.Writer.Tests.Fakes;

/// <summary>
/// A sink that answers from a script: by default 204; <see cref="Answer"/> decides per request (it sees the
/// decoded series). Records every request.
/// </summary>
internal sealed class FakeSink : ISinkClient
{
    public string Name => "fake";

    public List<(string Tenant, IReadOnlyList<RemoteWriteSeries> Series)> Requests { get; } = [];

    public Func<string, IReadOnlyList<RemoteWriteSeries>, SinkResponse> Answer { get; set; } = (_, _) => SinkResponse.Accepted(204);

    public SinkResponse Send(string tenant, byte[] body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var series = WriteRequestProtobuf.Decode(Snappy.DecompressToArray(body));
        Requests.Add((tenant, series));
        return Answer(tenant, series);
    }

    /// <summary>A Prometheus-like receiver: 400 for a request holding any series named <paramref name="badName"/>.</summary>
    public static Func<string, IReadOnlyList<RemoteWriteSeries>, SinkResponse> RejectsName(string badName) =>
        (_, series) => series.Any(s => s.Labels.Any(l => l.Key == "__name__" && l.Value == badName))
            ? new SinkResponse(SinkOutcome.Rejected, 400, $"out of order sample for {badName}")
            : SinkResponse.Accepted(204);
}
