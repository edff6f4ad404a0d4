namespace Mla.Ingestion.RemoteWrite;

/// <summary>One float sample: <c>Sample{double value = 1; int64 timestamp = 2}</c>, timestamp in Unix milliseconds.</summary>
public readonly record struct RemoteWriteSample(double Value, long TimestampMs);
