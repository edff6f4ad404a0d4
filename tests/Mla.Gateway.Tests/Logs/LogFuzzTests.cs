using System.Text;
using Mla.Gateway.Limits;
using Mla.Gateway.Logs;
using Mla.Gateway.Tests.Support;
using Mla.Ingestion.Logs;
using Snappier;
using Xunit.Abstractions;

namespace Mla.Gateway.Tests.Logs;

/// <summary>
/// Thousands of random and mutated bodies in each form: decoding, validation and packing never throw, bad input
/// ends in a 4xx, and every in-flight byte is given back.
/// </summary>
public sealed class LogFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 3000;
    private static readonly TenantLimits Limits = TenantLimits.Resolve(new LimitsOptions(), null);

    [Theory]
    [InlineData("application/x-protobuf", "")]
    [InlineData("application/json", "")]
    [InlineData("application/json", "gzip")]
    public void Mutated_and_random_bodies_never_throw_and_release_every_byte(string contentType, string encoding)
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var valid = Valid(contentType);
        var budget = new InFlightBudget(1L << 30);
        int failed = 0, decoded = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var body = random.Next(4) == 0 ? RandomBytes(random) : Mutate(random, valid);
            if (encoding == "gzip" && random.Next(2) == 0)
            {
                body = Gzip(body);
            }

            try
            {
                var result = LogBodyDecoder.Decode(contentType, encoding, body, 1 << 20, budget);
                if (result.Failure is not null)
                {
                    Assert.InRange(result.Failure.Status, 400, 413);
                    failed++;
                    continue;
                }

                var validated = LogValidator.Validate(result.Streams!, Limits, TestTime.Now);
                _ = LogRecordPacker.TryPack(validated.Accepted, 900_000, out _);
                decoded++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}, iteration {i}: {ex}\ninput: {Convert.ToHexString(body)}");
            }

            Assert.Equal(0, budget.Used);
        }

        output.WriteLine($"{decoded} decoded, {failed} refused");
        Assert.True(failed > Iterations / 10, $"only {failed} refused: the mutations are too gentle");
    }

    private static byte[] Valid(string contentType)
    {
        var now = TestTime.Now.ToUnixTimeMilliseconds() * 1_000_000;
        var entries = Enumerable.Range(0, 5).Select(i => new LogEntry(now + i, $"line {i} ünïcode", i % 2 == 0 ? [new LogLabel("trace_id", "t" + i)] : LogEntry.NoMetadata)).ToArray();
        return contentType == "application/x-protobuf"
            ? PushRequestWriter.Encode([new LogStreamEntries("{app=\"x\", env=\"prod\"}", entries), new LogStreamEntries("{app=\"y\"}", entries)])
            : PushJsonWriter.Encode([([new LogLabel("app", "x")], entries), ([new LogLabel("app", "y")], entries)]);
    }

    /// <summary>Flips, inserts and deletes bytes of the valid body (protobuf bodies are compressed after mutating).</summary>
    private static byte[] Mutate(Random random, byte[] valid)
    {
        var bytes = new List<byte>(valid);
        for (var n = random.Next(1, 6); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        var mutated = bytes.ToArray();
        return valid[0] == (byte)'{' ? mutated : Snappy.CompressToArray(mutated);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 512)];
        random.NextBytes(bytes);
        return random.Next(3) == 0 ? Encoding.UTF8.GetBytes(Convert.ToBase64String(bytes)) : bytes;
    }

    private static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }
}
