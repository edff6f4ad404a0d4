using Mla.Contracts.Settings;

namespace Mla.Contracts.Tenants;

/// <summary>The limits a tenant runs with: its cluster's overrides resolved over the platform defaults.</summary>
public sealed record TenantLimits(MonitoringLimits Monitoring, LoggingLimits Logging);
