using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Mla.Gateway;
using Mla.Gateway.Limits;
using Mla.Gateway.RemoteWrite;
using Mla.Gateway.Tenants;
using Mla.Gateway.Validation;
using Mla.Ingestion.RemoteWrite;

namespace Mla.Benchmarks.Micro;

/// <summary>
/// The gateway's decode + validate of one realistic request (2,000 samples, 10 labels per series), through its own
/// <see cref="PushPreparer"/> (what <see cref="PushHandler"/> calls), and its stages on their own: snappy, the
/// codec's walk over every label and sample, and the walk with <see cref="SeriesValidator"/>.
/// </summary>
[MemoryDiagnoser]
public class DecodeValidateBenchmarks
{
    private byte[] _body = [];
    private byte[] _request = [];
    private byte[] _scratch = [];
    private PushPreparer _preparer = null!;
    private Tenant _tenant = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = BenchmarkRequest.Body();
        _request = Snappier.Snappy.DecompressToArray(_body);
        _scratch = new byte[_request.Length];
        var options = new GatewayOptions();
        _preparer = new PushPreparer(Options.Create(options), new InFlightBudget(options.MaxInFlightBytes), TimeProvider.System);
        _tenant = BenchmarkRequest.Tenant(options);
        var prepared = Prepare();
        if (prepared.Failure is not null || prepared.AcceptedSamples != 2_000 || prepared.RejectedSeries != 0 || prepared.Records.Count != 1
            || DecodeAndValidate() != 2_000)
        {
            throw new InvalidOperationException($"the request is not accepted as a whole: {prepared.Failure?.Message ?? prepared.FirstRejection}");
        }
    }

    /// <summary>The handler's step: snappy header and block, decode, validate every series, the record (the body as it is).</summary>
    [Benchmark(Baseline = true)]
    public PreparedPush Prepare() => _preparer.Prepare(_body, _tenant);

    [Benchmark]
    public bool Decompress() => SnappyBody.TryDecompress(_body, _scratch, out _);

    /// <summary>The codec alone: every label and sample of every series, no checks.</summary>
    [Benchmark]
    public int DecodeOnly()
    {
        var total = 0;
        var reader = new WriteRequestReader(_request);
        while (reader.TryReadTimeSeries(out var series))
        {
            foreach (var label in series.Labels)
            {
                total += label.Name.Length + label.Value.Length;
            }

            foreach (var sample in series.Samples)
            {
                total += (int)sample.TimestampMs & 1;
            }
        }

        return total;
    }

    /// <summary>Decode + <see cref="SeriesValidator"/> over the decompressed request (no snappy, no records).</summary>
    [Benchmark]
    public int DecodeAndValidate()
    {
        var limits = _tenant.Limits;
        var window = SampleWindow.At(TimeProvider.System.GetUtcNow(), limits.MaxSampleAge, limits.MaxSampleFutureSkew);
        var accepted = 0;
        var reader = new WriteRequestReader(_request);
        while (reader.TryReadTimeSeries(out var series))
        {
            if (SeriesValidator.Check(series, limits, window).IsAccepted)
            {
                accepted++;
            }
        }

        return accepted;
    }
}
