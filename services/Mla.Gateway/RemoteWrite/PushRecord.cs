namespace Mla.Gateway.RemoteWrite;

/// <summary>One Kafka record value (a snappy-compressed WriteRequest) and the samples it holds.</summary>
public readonly record struct PushRecord(byte[] Value, int Samples);
