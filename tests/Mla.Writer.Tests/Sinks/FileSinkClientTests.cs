using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Mla.Ingestion.Logs;
using Mla.Writer.Configuration;
using Mla.Writer.Sinks;
using Mla.Writer.Tests.Fakes;
using Snappier;

namespace Mla.Writer.Tests.Sinks;

public sealed class FileSinkClientTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mla-file-sink-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Entries_become_json_lines_in_the_tenants_directory()
    {
        var client = Client();

        var response = client.Send("tenant-a", Body(("{app=\"x\", env=\"prod\"}", "hello \"world\"", 1_764_547_200_123_456_789), ("{app=\"y\"}", "second", 2)), CancellationToken.None);

        Assert.Equal(SinkOutcome.Accepted, response.Outcome);
        var lines = File.ReadAllLines(Path.Combine(_root, "tenant-a", FileSinkClient.CurrentFileName));
        Assert.Equal(2, lines.Length);
        Assert.Equal("second", JsonDocument.Parse(lines[1]).RootElement.GetProperty("line").GetString());
        var line = lines[0];
        using var json = JsonDocument.Parse(line);
        Assert.Equal("2025-12-01T00:00:00.123456789Z", json.RootElement.GetProperty("ts").GetString());
        Assert.Equal("1764547200123456789", json.RootElement.GetProperty("ts_ns").GetString());
        Assert.Equal("prod", json.RootElement.GetProperty("labels").GetProperty("env").GetString());
        Assert.Equal("hello \"world\"", json.RootElement.GetProperty("line").GetString());
        Assert.Equal("t-1", json.RootElement.GetProperty("metadata").GetProperty("trace_id").GetString());
        Assert.False(Directory.Exists(Path.Combine(_root, "tenant-b")));
    }

    [Fact]
    public void The_current_file_rotates_by_size_and_by_age_and_retention_drops_the_oldest()
    {
        var client = Client(new SinkOptions { Type = "file", Directory = _root, RotateBytes = 1024, RetainBytesPerTenant = 4096, RotateAge = TimeSpan.FromMinutes(10) });
        var line = new string('x', 600);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(SinkOutcome.Accepted, client.Send("t", Body(("{app=\"x\"}", $"{i:00}{line}", 1)), CancellationToken.None).Outcome);
        }

        var files = new DirectoryInfo(Path.Combine(_root, "t")).GetFiles("*.jsonl");
        Assert.True(files.Length >= 2, $"{files.Length} files");
        Assert.True(files.Sum(f => f.Length) <= 4096 + 1024, $"{files.Sum(f => f.Length)} bytes kept");
        var kept = files.SelectMany(f => File.ReadAllLines(f.FullName)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetString()![..2]).ToList();
        Assert.Contains("19", kept);
        Assert.DoesNotContain("00", kept);

        var before = files.Length;
        client.Send("t", Body(("{app=\"x\"}", "small", 1)), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(11));
        File.SetCreationTimeUtc(Path.Combine(_root, "t", FileSinkClient.CurrentFileName), _time.GetUtcNow().UtcDateTime.AddMinutes(-11));
        client.Send("t", Body(("{app=\"x\"}", "after", 1)), CancellationToken.None);
        Assert.Equal(["after"], File.ReadAllLines(Path.Combine(_root, "t", FileSinkClient.CurrentFileName)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetString()));
        Assert.True(new DirectoryInfo(Path.Combine(_root, "t")).GetFiles("*.jsonl").Length >= before);
    }

    [Fact]
    public void A_purge_removes_one_tenants_files_only()
    {
        var client = Client();
        client.Send("gone", Body(("{app=\"x\"}", "a", 1)), CancellationToken.None);
        client.Send("kept", Body(("{app=\"x\"}", "b", 1)), CancellationToken.None);

        Assert.True(client.Purge("gone"));

        Assert.False(Directory.Exists(Path.Combine(_root, "gone")));
        Assert.Single(File.ReadAllLines(Path.Combine(_root, "kept", FileSinkClient.CurrentFileName)));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void A_tenant_id_that_is_no_plain_directory_name_is_rejected(string tenant)
    {
        var response = Client().Send(tenant, Body(("{app=\"x\"}", "a", 1)), CancellationToken.None);

        Assert.Equal(SinkOutcome.Rejected, response.Outcome);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void A_body_that_is_not_a_snappy_push_request_is_rejected()
    {
        var response = Client().Send("t", [1, 2, 3, 4], CancellationToken.None);

        Assert.Equal(SinkOutcome.Rejected, response.Outcome);
    }

    private FileSinkClient Client(SinkOptions? options = null) =>
        new("files", options ?? new SinkOptions { Type = "file", Directory = _root }, TestMetrics.Create(), _time);

    private static byte[] Body(params (string Labels, string Line, long Ns)[] entries) =>
        Snappy.CompressToArray(PushRequestWriter.Encode(entries.Select(e =>
            new LogStreamEntries(e.Labels, [new LogEntry(e.Ns, e.Line, [new LogLabel("trace_id", "t-1")])]))));
}
