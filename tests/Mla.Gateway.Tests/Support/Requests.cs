using Mla.Ingestion.RemoteWrite;

namespace Mla.Gateway.Tests.Support;

/// <summary>Remote-write requests for tests, encoded with the codec's own writer.</summary>
internal static class Requests
{
    public static RemoteWriteLabel[] Labels(params string[] pairs) =>
        Enumerable.Range(0, pairs.Length / 2).Select(i => new RemoteWriteLabel(pairs[2 * i], pairs[(2 * i) + 1])).ToArray();

    /// <summary>A valid series <c>name{job="test", instance="i"}</c> with <paramref name="samples"/> samples at <paramref name="timestampMs"/>.</summary>
    public static (RemoteWriteLabel[] Labels, RemoteWriteSample[] Samples) Series(string name, long timestampMs, int samples = 1, string instance = "i") =>
        (Labels("__name__", name, "instance", instance, "job", "test"),
         Enumerable.Range(0, samples).Select(i => new RemoteWriteSample(i, timestampMs + i)).ToArray());

    public static byte[] Encode(params (RemoteWriteLabel[] Labels, RemoteWriteSample[] Samples)[] series)
    {
        using var writer = new WriteRequestWriter();
        foreach (var (labels, samples) in series)
        {
            writer.AppendTimeSeries(labels, samples);
        }

        return writer.WrittenSpan.ToArray();
    }

    public static byte[] Compress(byte[] request) => Snappier.Snappy.CompressToArray(request);

    /// <summary>A WriteRequest field 1 around a raw TimeSeries message.</summary>
    public static byte[] WithSeries(params RawMessage[] series)
    {
        var request = new RawMessage();
        foreach (var one in series)
        {
            request.Message(1, one);
        }

        return request.ToArray();
    }

    /// <summary>Every series of a request as (labels, samples), decoded by the codec.</summary>
    public static List<(List<(string Name, string Value)> Labels, List<RemoteWriteSample> Samples)> Decode(ReadOnlySpan<byte> request)
    {
        var result = new List<(List<(string, string)>, List<RemoteWriteSample>)>();
        var reader = new WriteRequestReader(request);
        while (reader.TryReadTimeSeries(out var series))
        {
            var labels = new List<(string, string)>();
            foreach (var label in series.Labels)
            {
                labels.Add((System.Text.Encoding.UTF8.GetString(label.Name), System.Text.Encoding.UTF8.GetString(label.Value)));
            }

            var samples = new List<RemoteWriteSample>();
            foreach (var sample in series.Samples)
            {
                samples.Add(sample);
            }

            result.Add((labels, samples));
        }

        return result;
    }
}
