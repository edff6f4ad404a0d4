namespace Mla.Host.Embedded;

/// <summary>Where the demo agents push: the gateway's TLS address in the embedded default.</summary>
internal sealed record GatewayEndpoint(Uri? PushUrl);
