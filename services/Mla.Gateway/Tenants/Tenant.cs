using Mla.Gateway.Limits;

namespace Mla.Gateway.Tenants;

/// <summary>A tenant as the gateway knows it: id (= user cluster id), whether it may write, its token and limits.</summary>
public sealed record Tenant(string Id, bool Disabled, TokenDigest? Token, TenantLimits Limits);
