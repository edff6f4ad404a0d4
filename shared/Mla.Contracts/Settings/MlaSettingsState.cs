namespace Mla.Contracts.Settings;

/// <summary>MLA settings of one user cluster: its monitoring and logging limits.</summary>
public sealed record MlaSettingsState(string ClusterId, MonitoringLimits Monitoring, LoggingLimits Logging);
