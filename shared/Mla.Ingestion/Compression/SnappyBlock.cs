namespace Mla.Ingestion.Compression;

/// <summary>
/// Checks a snappy block without decompressing it: the leading varint (the uncompressed length), then every element
/// — a literal (tag low bits 00: its length in the tag or in the 1–4 bytes after it, then its bytes) or a copy
/// (01: length 4–11 and an 11-bit offset; 10: length 1–64 and a 2-byte offset; 11: length 1–64 and a 4-byte
/// offset) — must stay inside the block, no copy may reach before the start of the output or be at offset 0, and
/// the lengths must add up to the leading length (https://github.com/google/snappy/blob/main/format_description.txt).
/// A block that passes decompresses without error; the check reads each tag once and copies nothing, so it costs a
/// fraction of a decompression and allocates nothing.
/// </summary>
public static class SnappyBlock
{
    /// <summary>Checks <paramref name="block"/>; on success <paramref name="uncompressedLength"/> is its content's length.</summary>
    public static bool TryCheck(ReadOnlySpan<byte> block, out int uncompressedLength, out string error)
    {
        uncompressedLength = 0;
        if (!TryReadLength(block, out var expected, out var position))
        {
            error = "the length preamble is malformed";
            return false;
        }

        if (expected > int.MaxValue)
        {
            error = $"the block claims {expected} bytes, more than a block may hold";
            return false;
        }

        long produced = 0;
        while (position < block.Length)
        {
            var tag = block[position++];
            long length;
            long offset = 0;
            switch (tag & 0b11)
            {
                case 0b00:
                    length = (tag >> 2) + 1;
                    if (length > 60)
                    {
                        var extra = (int)length - 60;
                        if (position + extra > block.Length)
                        {
                            error = Truncated(position);
                            return false;
                        }

                        length = 0;
                        for (var i = 0; i < extra; i++)
                        {
                            length |= (long)block[position + i] << (8 * i);
                        }

                        length++;
                        position += extra;
                    }

                    if (position + length > block.Length)
                    {
                        error = Truncated(position);
                        return false;
                    }

                    position += (int)length;
                    break;
                case 0b01:
                    if (position + 1 > block.Length)
                    {
                        error = Truncated(position);
                        return false;
                    }

                    length = ((tag >> 2) & 0b111) + 4;
                    offset = ((tag >> 5) << 8) | block[position];
                    position += 1;
                    break;
                case 0b10:
                    if (position + 2 > block.Length)
                    {
                        error = Truncated(position);
                        return false;
                    }

                    length = (tag >> 2) + 1;
                    offset = block[position] | (block[position + 1] << 8);
                    position += 2;
                    break;
                default:
                    if (position + 4 > block.Length)
                    {
                        error = Truncated(position);
                        return false;
                    }

                    length = (tag >> 2) + 1;
                    offset = block[position] | ((long)block[position + 1] << 8) | ((long)block[position + 2] << 16) | ((long)block[position + 3] << 24);
                    position += 4;
                    break;
            }

            if ((tag & 0b11) != 0 && (offset == 0 || offset > produced))
            {
                error = $"a copy at byte {position} reaches back {offset} bytes where {produced} were produced";
                return false;
            }

            produced += length;
            if (produced > (long)expected)
            {
                error = $"the elements produce more than the {expected} bytes the preamble says";
                return false;
            }
        }

        if (produced != (long)expected)
        {
            error = $"the elements produce {produced} bytes where the preamble says {expected}";
            return false;
        }

        uncompressedLength = (int)expected;
        error = string.Empty;
        return true;
    }

    private static bool TryReadLength(ReadOnlySpan<byte> block, out ulong length, out int position)
    {
        length = 0;
        for (position = 0; position < block.Length && position < 5; position++)
        {
            length |= (ulong)(block[position] & 0x7F) << (7 * position);
            if ((block[position] & 0x80) == 0)
            {
                position++;
                return length <= uint.MaxValue;
            }
        }

        return false;
    }

    private static string Truncated(int position) => $"the block ends inside the element at byte {position}";
}
