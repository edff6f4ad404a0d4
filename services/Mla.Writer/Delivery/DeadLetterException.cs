namespace Mla.Writer.Delivery;

/// <summary>The dead-letter topic did not take a record.</summary>
public sealed class DeadLetterException : Exception
{
    public DeadLetterException()
    {
    }

    public DeadLetterException(string message)
        : base(message)
    {
    }

    public DeadLetterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
