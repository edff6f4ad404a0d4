using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mla.Hosting.Listeners;

/// <summary>An extra endpoint a service needs besides the main HTTP address, e.g. the gateway's mTLS port.</summary>
public sealed record MlaListener(string Name, Action<KestrelServerOptions> Configure);
