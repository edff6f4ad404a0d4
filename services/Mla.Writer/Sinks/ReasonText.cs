using System.Text;

namespace Mla.Writer.Sinks;

/// <summary>Trims a sink's error text to at most <see cref="SinkResponse.MaxReasonBytes"/> bytes of UTF-8, never splitting a character.</summary>
public static class ReasonText
{
    public static string Truncate(string text, int maxBytes = SinkResponse.MaxReasonBytes)
    {
        text = text.Trim();
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var length = Math.Min(text.Length, maxBytes);
        while (length > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > maxBytes)
        {
            length--;
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length];
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(Truncate(text));
}
