using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Mla.Ingestion.RemoteWrite;
using Snappier;

namespace Mla.Benchmarks.Load;

/// <summary>
/// A realistic remote-write stream, as one Prometheus with <c>Slots × 2,000</c> active series sends it: every request
/// holds 2,000 samples (one per series, 10 labels), request <c>n</c> carries the series of slot <c>n % Slots</c>, and
/// every cycle through the slots is one scrape: its timestamps are <see cref="Interval"/> later than the cycle
/// before. So no (series, timestamp) pair is ever sent twice, and VictoriaMetrics stores every sample it is sent.
/// </summary>
/// <remarks>
/// The slots are encoded once (uncompressed, with <see cref="WriteRequestWriter"/>); <see cref="Build"/> patches the
/// timestamps and values in place (a millisecond timestamp of this century is a 6-byte varint, so the layout never
/// changes) and compresses, before a run, so that the generator spends its CPU on sending during the run.
/// </remarks>
internal sealed class RemoteWriteWorkload
{
    public const int SeriesPerRequest = 2_000;
    public const int LabelsPerSeries = 10;
    public const int MetricsPerPod = 20;

    // The end of every TimeSeries field written by WriteRequestWriter with one sample:
    // 0x09 <value: 8 bytes little endian> 0x10 <timestamp: varint, 6 bytes>.
    private const int TimestampBytes = 6;
    private const int ValueOffsetFromEnd = TimestampBytes + 1 + 8;

    private readonly byte[][] _slots;
    private readonly int[][] _seriesEnds;

    private RemoteWriteWorkload(byte[][] slots, int[][] seriesEnds, DateTimeOffset firstTimestamp, TimeSpan interval)
    {
        _slots = slots;
        _seriesEnds = seriesEnds;
        FirstTimestamp = firstTimestamp;
        Interval = interval;
    }

    public int Slots => _slots.Length;

    public int DistinctSeries => Slots * SeriesPerRequest;

    /// <summary>The timestamp of the first cycle (the first scrape).</summary>
    public DateTimeOffset FirstTimestamp { get; }

    /// <summary>How much later each cycle's timestamps are than the previous cycle's (the scrape interval).</summary>
    public TimeSpan Interval { get; }

    public double AverageUncompressedBytes => _slots.Average(s => s.Length);

    public static RemoteWriteWorkload Create(int slots, DateTimeOffset firstTimestamp, TimeSpan interval)
    {
        var first = firstTimestamp.ToUnixTimeMilliseconds();
        if (VarintLength((ulong)first) != TimestampBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(firstTimestamp), "timestamps of this century are 6-byte varints; the layout relies on it");
        }

        var templates = new byte[slots][];
        var ends = new int[slots][];
        Parallel.For(0, slots, slot =>
        {
            var labels = new RemoteWriteLabel[LabelsPerSeries];
            using var writer = new WriteRequestWriter(SeriesPerRequest * 256);
            for (var series = 0; series < SeriesPerRequest; series++)
            {
                FillLabels(labels, (slot * SeriesPerRequest) + series);
                writer.AppendTimeSeries(labels, [new RemoteWriteSample(0, first)]);
            }

            templates[slot] = writer.WrittenSpan.ToArray();
            ends[slot] = SeriesEnds(templates[slot]);
        });

        var workload = new RemoteWriteWorkload(templates, ends, firstTimestamp, interval);
        workload.CheckLayout();
        return workload;
    }

    /// <summary>Sorted label names, as the spec requires: __name__, container, endpoint, instance, job, namespace, node, pod, service, uid.</summary>
    /// <param name="labels">Ten labels, overwritten.</param>
    /// <param name="globalSeries">The series number in the whole workload: 20 metrics per pod, a pod per 20 series.</param>
    public static void FillLabels(RemoteWriteLabel[] labels, int globalSeries)
    {
        var pod = globalSeries / MetricsPerPod;
        labels[0] = new("__name__", MetricName(globalSeries % MetricsPerPod));
        labels[1] = new("container", "app");
        labels[2] = new("endpoint", "http-metrics");
        labels[3] = new("instance", "10." + (pod / 62_500).ToString(CultureInfo.InvariantCulture) + "." + (pod / 250 % 250).ToString(CultureInfo.InvariantCulture) + "." + (pod % 250).ToString(CultureInfo.InvariantCulture) + ":8080");
        labels[4] = new("job", "kubernetes-pods");
        labels[5] = new("namespace", "team-" + (pod % 7).ToString(CultureInfo.InvariantCulture));
        labels[6] = new("node", "node-" + (pod % 13).ToString(CultureInfo.InvariantCulture));
        labels[7] = new("pod", "app-" + pod.ToString(CultureInfo.InvariantCulture));
        labels[8] = new("service", "app");
        labels[9] = new("uid", "5f0c7e3a-" + pod.ToString("x8", CultureInfo.InvariantCulture));
    }

    public static string MetricName(int metric) => "bench_metric_" + metric.ToString(CultureInfo.InvariantCulture);

    /// <summary>The timestamp of every sample of request <paramref name="request"/> (Unix ms).</summary>
    public long TimestampOf(long request) => FirstTimestamp.ToUnixTimeMilliseconds() + (request / Slots * (long)Interval.TotalMilliseconds);

    /// <summary>The snappy bodies of requests <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> − 1 (on every core).</summary>
    public byte[][] Build(long first, int count)
    {
        if (VarintLength((ulong)TimestampOf(first + count)) != TimestampBytes)
        {
            throw new InvalidOperationException("a timestamp outgrew its 6-byte varint");
        }

        var bodies = new byte[count][];
        Parallel.For(0, count, i => bodies[i] = BuildOne(first + i));
        return bodies;
    }

    private byte[] BuildOne(long request)
    {
        var slot = (int)(request % Slots);
        var cycle = request / Slots;
        var template = _slots[slot];
        var buffer = ArrayPool<byte>.Shared.Rent(template.Length);
        try
        {
            var span = buffer.AsSpan(0, template.Length);
            template.CopyTo(span);
            var timestamp = (ulong)TimestampOf(request);
            var ends = _seriesEnds[slot];
            for (var series = 0; series < ends.Length; series++)
            {
                // Some series are counters (they grow every scrape), the others gauges that stay put.
                var global = (slot * SeriesPerRequest) + series;
                var value = (global % 97 * 1000.0) + (cycle * (global % 13));
                BinaryPrimitives.WriteDoubleLittleEndian(span[(ends[series] - ValueOffsetFromEnd)..], value);
                WriteVarint(span[(ends[series] - TimestampBytes)..], timestamp);
            }

            return Snappy.CompressToArray(span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes a built body with the codec's reader and checks labels, values and timestamps.</summary>
    private void CheckLayout()
    {
        const long request = 3L * 256 + 1; // some later cycle, not the template's
        var slot = (int)(request % Slots);
        var body = Snappy.DecompressToArray(BuildOne(request));
        var reader = new WriteRequestReader(body);
        var count = 0;
        while (reader.TryReadTimeSeries(out var series))
        {
            var labels = 0;
            foreach (var _ in series.Labels)
            {
                labels++;
            }

            var samples = series.Samples;
            if (labels != LabelsPerSeries || !samples.MoveNext() || samples.Current.TimestampMs != TimestampOf(request) || samples.MoveNext())
            {
                throw new InvalidOperationException($"workload layout broken at series {count} of slot {slot}");
            }

            count++;
        }

        if (count != SeriesPerRequest)
        {
            throw new InvalidOperationException($"workload request has {count} series, not {SeriesPerRequest}");
        }
    }

    private static int[] SeriesEnds(byte[] request)
    {
        var ends = new int[SeriesPerRequest];
        var reader = new WriteRequestReader(request);
        var i = 0;
        while (reader.TryReadField(out var field))
        {
            ends[i++] = field.Start + field.Length;
        }

        return ends;
    }

    private static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    private static void WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i] = (byte)value;
    }
}
