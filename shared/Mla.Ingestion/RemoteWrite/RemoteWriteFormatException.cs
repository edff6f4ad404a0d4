namespace Mla.Ingestion.RemoteWrite;

/// <summary>
/// The body is not a well-formed remote-write protobuf message (truncated, bad varint or length, wrong wire type).
/// The only exception the codec throws for bad input; <see cref="Offset"/> is the byte where reading failed.
/// </summary>
public sealed class RemoteWriteFormatException : Exception
{
    public RemoteWriteFormatException()
    {
    }

    public RemoteWriteFormatException(string message)
        : base(message)
    {
    }

    public RemoteWriteFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RemoteWriteFormatException(string message, int offset)
        : base(message) => Offset = offset;

    /// <summary>Offset in the decompressed message where the problem was found; -1 when unknown.</summary>
    public int Offset { get; } = -1;
}
