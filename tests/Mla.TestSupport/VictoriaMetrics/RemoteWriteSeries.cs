namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>One time series of a remote-write WriteRequest: labels (sorted by name on encoding) and samples.</summary>
public sealed record RemoteWriteSeries(IReadOnlyList<KeyValuePair<string, string>> Labels, IReadOnlyList<(double Value, long TimestampMs)> Samples);
