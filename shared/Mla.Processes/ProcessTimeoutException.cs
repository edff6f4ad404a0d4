namespace Mla.Processes;

/// <summary>A program did not finish within its time; it was killed with its children. <see cref="Output"/> is what it wrote until then.</summary>
public sealed class ProcessTimeoutException : TimeoutException
{
    public ProcessTimeoutException()
    {
    }

    public ProcessTimeoutException(string message)
        : base(message)
    {
    }

    public ProcessTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProcessTimeoutException(string fileName, TimeSpan timeout, string output)
        : base($"{fileName} did not finish within {timeout.TotalSeconds:0} s")
    {
        Output = output;
    }

    public string Output { get; } = "";
}
