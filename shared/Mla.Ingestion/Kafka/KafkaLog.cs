using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Mla.Ingestion.Kafka;

/// <summary>librdkafka's own log lines (a client's log handler), into the service log at the matching level.</summary>
public static class KafkaLog
{
    /// <summary>
    /// Writes <paramref name="message"/> at <see cref="LevelOf"/>. With <paramref name="errorHandlerLogsFailures"/>
    /// the connection failures (facility <c>FAIL</c>) go to Debug: the client's error handler reports them once per
    /// change, and librdkafka repeats them on every reconnect.
    /// </summary>
    public static void Write(ILogger logger, LogMessage message, bool errorHandlerLogsFailures = false)
    {
        var level = errorHandlerLogsFailures && message.Facility == "FAIL" ? LogLevel.Debug : LevelOf(message.Level);
        logger.Log(level, "librdkafka {Client} {Facility}: {Message}", message.Name, message.Facility, message.Message);
    }

    /// <summary>Syslog severities: emergency, alert and critical are Critical; error Error; warning Warning; notice and info Information; debug Debug.</summary>
    public static LogLevel LevelOf(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
