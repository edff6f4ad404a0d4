using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Mla.Ingestion.Kafka;
using Mla.Writer.Tests.Tenants;

namespace Mla.Writer.Tests.Consuming;

/// <summary>The one librdkafka log mapping (Mla.Ingestion), used by the writer and the gateway.</summary>
public sealed class KafkaLogTests
{
    [Theory]
    [InlineData(SyslogLevel.Emergency, LogLevel.Critical)]
    [InlineData(SyslogLevel.Alert, LogLevel.Critical)]
    [InlineData(SyslogLevel.Critical, LogLevel.Critical)]
    [InlineData(SyslogLevel.Error, LogLevel.Error)]
    [InlineData(SyslogLevel.Warning, LogLevel.Warning)]
    [InlineData(SyslogLevel.Notice, LogLevel.Information)]
    [InlineData(SyslogLevel.Info, LogLevel.Information)]
    [InlineData(SyslogLevel.Debug, LogLevel.Debug)]
    public void Syslog_levels_map_to_log_levels(SyslogLevel syslog, LogLevel expected) => Assert.Equal(expected, KafkaLog.LevelOf(syslog));

    [Fact]
    public void Connection_failures_go_to_debug_only_when_the_error_handler_reports_them()
    {
        var logger = new ListLogger<KafkaLogTests>();
        var failure = new LogMessage("rdkafka#consumer-1", SyslogLevel.Error, "FAIL", "127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused");

        KafkaLog.Write(logger, failure, errorHandlerLogsFailures: true);
        KafkaLog.Write(logger, failure);

        Assert.Equal([LogLevel.Debug, LogLevel.Error], logger.Lines.Select(l => l.Level));
        Assert.All(logger.Lines, l => Assert.Contains("rdkafka#consumer-1 FAIL: 127.0.0.1:1/bootstrap", l.Message, StringComparison.Ordinal));
    }
}
