namespace Mla.Benchmarks.Load;

/// <summary>A path's result per byte of payload (uncompressed protobuf) and of wire (snappy) bytes; MB = 10⁶ bytes, GB = 10⁹.</summary>
internal sealed record PerByte(double PayloadMBps, double WireMBps, double GatewayCpuPerGB, double BrokerCpuPerGB, double MBpsPerGatewayCore)
{
    public static PerByte Of(LoadResult result, double payloadBytesPerRequest, double wireBytesPerRequest)
    {
        var payload = result.Requests * payloadBytesPerRequest;
        var seconds = result.Elapsed.TotalSeconds;
        return new PerByte(
            payload / seconds / 1e6,
            result.Requests * wireBytesPerRequest / seconds / 1e6,
            result.ReceiverCpuSeconds / (payload / 1e9),
            result.BrokerCpuSeconds / (payload / 1e9),
            payload / result.ReceiverCpuSeconds / 1e6);
    }
}
