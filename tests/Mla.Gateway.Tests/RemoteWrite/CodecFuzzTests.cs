using Mla.Gateway.Limits;
using Mla.Gateway.RemoteWrite;
using Mla.Gateway.Tenants;
using Mla.Gateway.Tests.Support;
using Mla.Gateway.Validation;
using Mla.Ingestion.RemoteWrite;
using Xunit.Abstractions;

namespace Mla.Gateway.Tests.RemoteWrite;

/// <summary>
/// Thousands of random and mutated bodies: decoding and validation may only fail with the codec's own error, and
/// the whole preparation (snappy included) never throws and always gives its in-flight bytes back.
/// </summary>
public sealed class CodecFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 4000;
    private static readonly TenantLimits Limits = TenantLimits.Resolve(new LimitsOptions(), null);

    [Fact]
    public void Mutated_and_random_protobuf_only_ever_raises_the_codec_error()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var seeds = Seeds();
        int malformed = 0, decoded = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var input = Mutate(random, seeds);
            try
            {
                DecodeAndValidate(input);
                decoded++;
            }
            catch (RemoteWriteFormatException)
            {
                malformed++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}, iteration {i}: {ex.GetType().Name}: {ex.Message}\ninput: {Convert.ToHexString(input)}\n{ex}");
            }
        }

        output.WriteLine($"{decoded} decoded, {malformed} malformed");
        Assert.True(malformed > Iterations / 10, $"only {malformed} malformed: the mutations are too gentle");
        Assert.True(decoded > Iterations / 20, $"only {decoded} decoded: the mutations are too harsh");
    }

    [Fact]
    public void Preparing_mutated_bodies_never_throws_and_releases_every_byte()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var seeds = Seeds();
        var time = TestTime.Clock();
        var budget = new InFlightBudget(1L << 30);
        var preparer = new PushPreparer(
            Microsoft.Extensions.Options.Options.Create(new GatewayOptions { MaxDecompressedBytes = 1 << 20, Kafka = { MaxRecordBytes = 16 * 1024 } }),
            budget,
            time);
        var tenant = new Tenant("fuzz", false, null, Limits);
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < Iterations; i++)
        {
            // Half: valid snappy around mutated protobuf; half: mutated snappy.
            var body = i % 2 == 0 ? Requests.Compress(Mutate(random, seeds)) : Mutate(random, [.. seeds.Select(Requests.Compress)]);
            PreparedPush prepared;
            try
            {
                prepared = preparer.Prepare(body, tenant);
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}, iteration {i}: {ex.GetType().Name}: {ex.Message}\nbody: {Convert.ToHexString(body)}\n{ex}");
                throw;
            }

            var status = prepared.Failure?.Status ?? 204;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.Equal(0, budget.Used);
            foreach (var record in prepared.Records)
            {
                ProtoReaderErrorTests.WalkEverything(Snappier.Snappy.DecompressToArray(record.Value));
            }
        }

        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(statuses.Count >= 2, "every body ended the same way: the fuzzing does not reach the decoder");
    }

    private static void DecodeAndValidate(byte[] request)
    {
        var window = SampleWindow.At(TestTime.Now, Limits.MaxSampleAge, Limits.MaxSampleFutureSkew);
        var reader = new WriteRequestReader(request);
        while (reader.TryReadField(out var field))
        {
            if (!field.IsTimeSeries)
            {
                continue;
            }

            var check = SeriesValidator.Check(field.Series, Limits, window);
            if (!check.IsAccepted)
            {
                Assert.NotEmpty(RejectionMessage.Describe(field.Series, check, Limits));
            }
        }
    }

    private static byte[][] Seeds()
    {
        var now = TestTime.Now.ToUnixTimeMilliseconds();
        var histogramSeries = new RawMessage()
            .Message(1, RawMessage.Label("__name__", "latency_seconds"))
            .Message(1, RawMessage.Label("le", "+Inf"))
            .Message(3, new RawMessage().Message(1, RawMessage.Label("trace_id", "0af7651916cd43dd")).Double(2, 0.3).Int64(3, now))
            .Message(4, new RawMessage().Int64(1, 12).Double(3, 4.5).Int64(4, 3).Int64(15, now))
            .Message(2, RawMessage.Sample(1, now));
        return
        [
            Requests.Encode(Requests.Series("up", now, 3), Requests.Series("node_cpu_seconds_total", now - 1000, 5, instance: "n1")),
            [.. new RawMessage().Message(3, new RawMessage().Int64(1, 2).String(2, "up").String(4, "help")).ToArray(), .. Requests.WithSeries(histogramSeries)],
            Requests.Encode((Requests.Labels("__name__", "ü", "b", "a", "a", "b"), [new(double.NaN, now)])),
            Requests.WithSeries(new RawMessage().Group(9, new RawMessage().Fixed32(1, 3)).Message(1, RawMessage.Label("__name__", "g"))),
        ];
    }

    private static byte[] Mutate(Random random, byte[][] seeds)
    {
        var data = seeds[random.Next(seeds.Length)].ToList();
        var rounds = random.Next(1, 4);
        for (var round = 0; round < rounds; round++)
        {
            switch (random.Next(7))
            {
                case 0 when data.Count > 0:
                    var at = random.Next(data.Count);
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[random.Next(data.Count)] = (byte)random.Next(256);
                    break;
                case 2 when data.Count > 0:
                    data.RemoveRange(random.Next(data.Count), data.Count - random.Next(data.Count) > 0 ? 1 : 0);
                    data = data.Take(random.Next(data.Count + 1)).ToList();
                    break;
                case 3:
                    data.InsertRange(random.Next(data.Count + 1), Enumerable.Range(0, random.Next(1, 8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 4:
                    var other = seeds[random.Next(seeds.Length)];
                    data.AddRange(other.Take(random.Next(other.Length + 1)));
                    break;
                case 5 when data.Count > 0:
                    data[random.Next(data.Count)] = (byte)(0x80 | random.Next(128)); // varint continuation bits
                    break;
                case 6:
                    return Enumerable.Range(0, random.Next(0, 64)).Select(_ => (byte)random.Next(256)).ToArray();
            }
        }

        return [.. data];
    }
}
