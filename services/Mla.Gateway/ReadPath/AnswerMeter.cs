using System.Text.Json;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// Counts the series and points of a Prometheus HTTP API answer fed to it in pieces as they arrive, holding only the
/// unfinished token at a piece's end (bounded). <c>query</c>/<c>query_range</c>: each element of <c>data.result</c> is
/// a series; each entry of its <c>values</c>/<c>histograms</c>, or its one <c>value</c>/<c>histogram</c>, is a point;
/// a scalar or string result is one point. <c>series</c>, <c>labels</c>, <c>label/…/values</c>: each element of the
/// <c>data</c> array counts as a series. Malformed JSON throws <see cref="JsonException"/>.
/// </summary>
public sealed class AnswerMeter(int maxTokenBytes)
{
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 256 });
    private byte[] _carry = new byte[4096];
    private int _carryLength;
    private DataShape _data;
    private bool _inData;
    private bool _inResult;
    private PointsField _points;
    private bool _scalarCounted;

    private enum DataShape
    {
        None,
        Object,
        Array,
    }

    private enum PointsField
    {
        None,
        One,
        Many,
    }

    public long Series { get; private set; }

    public long Points { get; private set; }

    /// <summary>Counts what <paramref name="piece"/> completes; the unfinished token at its end waits for the next piece.</summary>
    public void Feed(ReadOnlySpan<byte> piece)
    {
        if (_carryLength == 0)
        {
            var consumed = Read(piece);
            Carry(piece[consumed..]);
            return;
        }

        EnsureCarryCapacity(_carryLength + piece.Length);
        piece.CopyTo(_carry.AsSpan(_carryLength));
        var length = _carryLength + piece.Length;
        var used = Read(_carry.AsSpan(0, length));
        _carryLength = 0;
        Carry(_carry.AsSpan(used, length - used));
    }

    private void Carry(ReadOnlySpan<byte> rest)
    {
        if (rest.Length > maxTokenBytes)
        {
            throw new JsonException($"a single JSON token of the answer is longer than {maxTokenBytes} bytes");
        }

        EnsureCarryCapacity(rest.Length);
        rest.CopyTo(_carry);
        _carryLength = rest.Length;
    }

    private void EnsureCarryCapacity(int length)
    {
        if (_carry.Length < length)
        {
            Array.Resize(ref _carry, Math.Max(length, _carry.Length * 2));
        }
    }

    private int Read(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, _state);
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    Property(ref reader, depth);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    break;
                default:
                    Value(reader.TokenType, depth);
                    break;
            }
        }

        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private void Property(ref Utf8JsonReader reader, int depth)
    {
        if (depth == 1)
        {
            _inData = reader.ValueTextEquals("data"u8);
        }
        else if (depth == 2 && _inData)
        {
            _inResult = _data == DataShape.Object && reader.ValueTextEquals("result"u8);
        }
        else if (depth == 4 && _inData && _inResult)
        {
            _points = reader.ValueTextEquals("values"u8) || reader.ValueTextEquals("histograms"u8) ? PointsField.Many
                : reader.ValueTextEquals("value"u8) || reader.ValueTextEquals("histogram"u8) ? PointsField.One
                : PointsField.None;
        }
    }

    private void Value(JsonTokenType type, int depth)
    {
        if (!_inData)
        {
            return;
        }

        switch (depth)
        {
            case 1:
                _data = type switch
                {
                    JsonTokenType.StartObject => DataShape.Object,
                    JsonTokenType.StartArray => DataShape.Array,
                    _ => DataShape.None,
                };
                break;
            case 2 when _data == DataShape.Array:
                Series++;
                break;
            case 3 when _inResult && type == JsonTokenType.StartObject:
                Series++;
                _points = PointsField.None;
                break;
            case 3 when _inResult && !_scalarCounted:
                // A scalar or string result: [<time>, "<value>"] is one point.
                Points++;
                _scalarCounted = true;
                break;
            case 4 when _inResult && _points == PointsField.One && type == JsonTokenType.StartArray:
            case 5 when _inResult && _points == PointsField.Many && type == JsonTokenType.StartArray:
                Points++;
                break;
        }
    }
}
