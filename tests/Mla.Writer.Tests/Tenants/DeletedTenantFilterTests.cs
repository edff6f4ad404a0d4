using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Mla.Contracts.Tenants;
using Mla.Writer.Tenants;
using Mla.Writer.Tests.Fakes;
using static Mla.Writer.Tests.Tenants.TenantStates;

namespace Mla.Writer.Tests.Tenants;

public sealed class DeletedTenantFilterTests
{
    private readonly DeletedTenants _table = new();
    private readonly Metrics.WriterMetrics _metrics = TestMetrics.Create();
    private readonly FakeTimeProvider _clock = new();
    private readonly ListLogger<DeletedTenantFilter> _logger = new();
    private readonly DeletedTenantFilter _filter;

    public DeletedTenantFilterTests() => _filter = new DeletedTenantFilter(_table, _metrics, _clock, _logger);

    [Fact]
    public void Dropped_records_are_counted_by_sink_tenant_and_reason_and_kept_ones_are_not()
    {
        _table.Apply(Tenant("a", TenantStatus.Deprovisioning, At(0)), At(0));

        Assert.True(_filter.TryDrop("vm", "a", Time(At(1))));
        Assert.True(_filter.TryDrop("vm", "a", Time(At(2))));
        Assert.True(_filter.TryDrop("mimir", "a", Time(At(2))));
        Assert.False(_filter.TryDrop("vm", "b", Time(At(2))));

        Assert.Equal(2, Dropped("vm", "a"));
        Assert.Equal(1, Dropped("mimir", "a"));
        Assert.Equal(0, Dropped("vm", "b"));
    }

    [Fact]
    public void A_record_without_a_timestamp_counts_as_older_than_the_cut_off()
    {
        _table.Apply(Tenant("a", TenantStatus.Deleted, At(0)), At(0));
        _table.Apply(Tenant("a", TenantStatus.Ready, At(10)), At(10));

        Assert.True(_filter.Drops("a", new Timestamp(0, TimestampType.NotAvailable)));
        Assert.True(_filter.Drops("a", Time(At(-1))));
        Assert.False(_filter.Drops("a", Time(At(11))));
        Assert.False(_filter.Drops("b", new Timestamp(0, TimestampType.NotAvailable)));
    }

    [Fact]
    public void The_first_drop_is_logged_at_once_then_one_line_per_minute_with_the_count_since()
    {
        _table.Apply(Tenant("a", TenantStatus.Deleted, At(0)), At(0));

        _filter.TryDrop("vm", "a", Time(At(1)));
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            _filter.TryDrop("vm", "a", Time(At(1)));
        }

        _clock.Advance(TimeSpan.FromSeconds(10));
        _filter.TryDrop("vm", "a", Time(At(1)));

        var lines = _logger.Lines;
        Assert.All(lines, l => Assert.Equal(LogLevel.Information, l.Level));
        Assert.Equal(
            ["Sink vm: tenant a is deleted: dropped 1 records still in Kafka", "Sink vm: tenant a is deleted: dropped 6 records still in Kafka"],
            lines.Select(l => l.Message));
    }

    private double Dropped(string sink, string tenant) =>
        _metrics.RecordsDropped.WithLabels(sink, tenant, DeletedTenantFilter.TenantDeletedReason).Value;

    private static Timestamp Time(DateTimeOffset at) => new(at.UtcDateTime, TimestampType.CreateTime);
}
