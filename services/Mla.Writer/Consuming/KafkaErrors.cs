using Confluent.Kafka;

namespace Mla.Writer.Consuming;

/// <summary>
/// The consumer's error handler: a fatal error is kept and thrown on the loop's thread (<see cref="ThrowIfFatal"/>);
/// the others are logged on a change of code or twice a minute (librdkafka repeats them on every reconnect and poll).
/// </summary>
internal sealed class KafkaErrors(string sink, SinkConsumerStatus status, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(30);

    private Error? _fatal;
    private ErrorCode _lastCode = ErrorCode.NoError;
    private long _lastLogged;

    public void OnError(Error error)
    {
        if (error.IsFatal)
        {
            _fatal = error;
            return;
        }

        if (error.Code == ErrorCode.Local_AllBrokersDown)
        {
            status.AllBrokersDown();
        }

        Log(error);
    }

    public void Log(Error error)
    {
        if (error.Code != _lastCode || time.GetElapsedTime(_lastLogged) >= RepeatInterval)
        {
            _lastCode = error.Code;
            _lastLogged = time.GetTimestamp();
            logger.LogWarning("Sink {Sink}: Kafka error {Code}: {Reason}", sink, error.Code, error.Reason);
        }
    }

    public void ThrowIfFatal()
    {
        if (_fatal is { } fatal)
        {
            throw new KafkaException(fatal);
        }
    }
}
