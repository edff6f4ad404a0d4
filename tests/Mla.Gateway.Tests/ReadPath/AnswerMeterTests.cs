using System.Text;
using System.Text.Json;
using Mla.Gateway.ReadPath;

namespace Mla.Gateway.Tests.ReadPath;

/// <summary>The answer meter counts series and points of every Prometheus API answer shape, however the answer is cut into pieces.</summary>
public sealed class AnswerMeterTests
{
    private const string Matrix = """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"__name__":"up","values":"x","value":"y"},"values":[[1,"1"],[2,"1"],[3,"0"]]},
          {"metric":{"job":"a \"quoted\" [1,2] {x}"},"values":[[1,"1"]],"histograms":[[2,{"count":"1","sum":"2","buckets":[[0,"0","1","1"]]}]]}
        ]},"stats":{"seriesFetched":"2"}}
        """;

    private const string Vector = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1"]},{"metric":{"a":"b"},"histogram":[1,{"count":"1"}]},{"metric":{"a":"c"},"value":[1,"NaN"]}]}}""";

    private const string Scalar = """{"status":"success","data":{"resultType":"scalar","result":[1700000000.5,"42"]}}""";

    private const string Series = """{"status":"success","data":[{"__name__":"up","tenant":"a"},{"__name__":"up","tenant":"b"}],"warnings":["x"]}""";

    private const string Labels = """{"status":"success","data":["__name__","job","tenant","i"]}""";

    private const string Empty = """{"status":"success","data":{"resultType":"matrix","result":[]}}""";

    [Theory]
    [InlineData(Matrix, 2, 5)]
    [InlineData(Vector, 3, 3)]
    [InlineData(Scalar, 0, 1)]
    [InlineData(Series, 2, 0)]
    [InlineData(Labels, 4, 0)]
    [InlineData(Empty, 0, 0)]
    public void Counts_series_and_points_whatever_the_pieces(string answer, long series, long points)
    {
        var bytes = Encoding.UTF8.GetBytes(answer);
        foreach (var pieceSize in new[] { 1, 2, 3, 7, 16, bytes.Length })
        {
            var meter = new AnswerMeter(1024);
            for (var offset = 0; offset < bytes.Length; offset += pieceSize)
            {
                meter.Feed(bytes.AsSpan(offset, Math.Min(pieceSize, bytes.Length - offset)));
            }

            Assert.True(meter.Series == series && meter.Points == points, $"pieces of {pieceSize}: {meter.Series} series, {meter.Points} points");
        }
    }

    [Fact]
    public void Counts_a_large_answer_fed_in_random_pieces_as_it_arrives()
    {
        var builder = new StringBuilder("""{"status":"success","data":{"resultType":"matrix","result":[""");
        for (var s = 0; s < 300; s++)
        {
            builder.Append(s == 0 ? "" : ",").Append("{\"metric\":{\"i\":\"").Append(s).Append("\"},\"values\":[");
            builder.AppendJoin(',', Enumerable.Range(0, s % 17).Select(p => $"[{p},\"{p}.5\"]"));
            builder.Append("]}");
        }

        var bytes = Encoding.UTF8.GetBytes(builder.Append("]}}").ToString());
        var random = new Random(12);
        var meter = new AnswerMeter(1024);
        var fedSeries = new List<long>();
        for (var offset = 0; offset < bytes.Length;)
        {
            var size = Math.Min(random.Next(1, 5000), bytes.Length - offset);
            meter.Feed(bytes.AsSpan(offset, size));
            fedSeries.Add(meter.Series);
            offset += size;
        }

        Assert.Equal(300, meter.Series);
        Assert.Equal(Enumerable.Range(0, 300).Sum(s => s % 17), meter.Points);
        Assert.True(fedSeries[0] < 300, "the first piece already has all series: the answer was not counted as it arrived");
    }

    [Fact]
    public void Malformed_json_and_a_token_longer_than_the_bound_throw()
    {
        Assert.ThrowsAny<JsonException>(() => new AnswerMeter(1024).Feed("{\"data\":[1,,2]}"u8));
        var longToken = Encoding.UTF8.GetBytes("{\"data\":[\"" + new string('x', 5000));
        Assert.ThrowsAny<JsonException>(() => new AnswerMeter(1024).Feed(longToken));
    }
}
