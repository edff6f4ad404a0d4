using Mla.Ingestion.Compression;
using Mla.Writer.Tests.Fakes;

namespace Mla.Writer.Tests.Compression;

/// <summary>
/// The check that replaced the writer's decompression of every record, against a real snappy decoder. Snappier 1.3.1
/// is more lenient than the format description and the reference decoder: elements that produce more than the
/// preamble says are cut off at that length instead of refused (measured: <c>01 04 61 62</c> decodes to <c>61</c>).
/// The check refuses those, so the property is one-way: what it accepts decodes, to exactly the length it says.
/// </summary>
public sealed class SnappyBlockTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(59)]
    [InlineData(61)]
    [InlineData(300)]
    [InlineData(70_000)]
    [InlineData(2_000_000)]
    public void A_block_from_a_real_encoder_passes_with_its_length(int size)
    {
        var random = new Random(size);
        var content = new byte[size];
        for (var i = 0; i < size; i++)
        {
            content[i] = (byte)(i % 7 == 0 ? random.Next(256) : i / 97 % 13); // runs and noise: literals and all copy kinds
        }

        var block = Snappier.Snappy.CompressToArray(content);

        Assert.True(SnappyBlock.TryCheck(block, out var length, out var error), error);
        Assert.Equal(size, length);
    }

    [Fact]
    public void A_remote_write_record_passes_with_the_length_of_its_protobuf()
    {
        var protobuf = Records.Protobuf("m", series: 5_000);

        Assert.True(SnappyBlock.TryCheck(Snappier.Snappy.CompressToArray(protobuf), out var length, out var error), error);
        Assert.Equal(protobuf.Length, length);
    }

    [Fact]
    public void Every_truncation_of_a_block_is_refused_as_the_decoder_refuses_it()
    {
        var block = Snappier.Snappy.CompressToArray(Records.Protobuf("m", series: 50));

        for (var cut = 0; cut < block.Length; cut++)
        {
            var truncated = block.AsSpan(0, cut).ToArray();
            Assert.False(SnappyBlock.TryCheck(truncated, out _, out var error), $"cut at {cut} of {block.Length}");
            Assert.False(string.IsNullOrEmpty(error));
            Assert.False(Decodes(truncated), $"the decoder accepts the cut at {cut}");
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 1 }, "preamble")]
    [InlineData(new byte[] { 5, 0b0000_0001, 0 }, "reaches back")] // a copy with offset 0
    [InlineData(new byte[] { 5, 0b0000_0000, (byte)'a', 0b0000_0001, 9 }, "reaches back")] // a copy before the start
    [InlineData(new byte[] { 1, 0b0000_0100, (byte)'a', (byte)'b' }, "more than")] // two literal bytes where one was said
    [InlineData(new byte[] { 3, 0b0000_0000, (byte)'a' }, "produce 1 bytes")]
    public void Malformed_blocks_are_refused_with_the_reason(byte[] block, string reason)
    {
        Assert.False(SnappyBlock.TryCheck(block, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Whatever_the_check_accepts_the_decoder_decodes_to_that_length()
    {
        // Mutated real blocks and random bytes: the check must never accept what the decoder refuses, nor say a
        // length other than what the decoder produces.
        var random = new Random(20261205);
        var original = Snappier.Snappy.CompressToArray(Records.Protobuf("m", series: 40));
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            byte[] candidate;
            if (i % 2 == 0)
            {
                candidate = (byte[])original.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    candidate[random.Next(candidate.Length)] = (byte)random.Next(256);
                }
            }
            else
            {
                candidate = new byte[random.Next(1, 64)];
                random.NextBytes(candidate);
            }

            if (SnappyBlock.TryCheck(candidate, out var length, out var error))
            {
                accepted++;
                Assert.True(Decodes(candidate, length), $"accepted but not decodable to {length} bytes: {Convert.ToHexString(candidate)}");
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }

        Assert.True(accepted > 100, $"the mutations exercise acceptance too ({accepted} accepted)");
    }

    private static bool Decodes(byte[] block, int? expectedLength = null)
    {
        try
        {
            var content = Snappier.Snappy.DecompressToArray(block);
            return expectedLength is null || content.Length == expectedLength;
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }
    }
}
