namespace Mla.Ingestion.RemoteWrite;

/// <summary>
/// One top-level field of a <c>WriteRequest</c>: a TimeSeries (field 1) or anything else (metadata = 3, unknown
/// fields), with its byte range in the request so it can be copied unchanged.
/// </summary>
public readonly ref struct WriteRequestField(int fieldNumber, int start, int length, TimeSeriesView series)
{
    public int FieldNumber { get; } = fieldNumber;

    /// <summary>Where the field (tag included) starts in the request.</summary>
    public int Start { get; } = start;

    public int Length { get; } = length;

    public bool IsTimeSeries => FieldNumber == 1;

    /// <summary>The series when <see cref="IsTimeSeries"/>; default otherwise.</summary>
    public TimeSeriesView Series { get; } = series;
}
