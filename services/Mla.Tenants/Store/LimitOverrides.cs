using Mla.Contracts.Settings;

namespace Mla.Tenants.Store;

/// <summary>A cluster's limit overrides as the newest settings event carried them.</summary>
public sealed record LimitOverrides(string ClusterId, MonitoringLimits Monitoring, LoggingLimits Logging, DateTimeOffset OccurredAt);
