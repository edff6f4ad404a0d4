namespace Mla.Ingestion.Logs;

/// <summary>A Loki push body (JSON) is not well formed; the message says where and why.</summary>
public sealed class LogFormatException : Exception
{
    public LogFormatException()
    {
    }

    public LogFormatException(string message)
        : base(message)
    {
    }

    public LogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
