using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;

namespace Mla.Writer.Tests.Tenants;

/// <summary>Tenant states as the tenant service publishes and lists them, at times relative to <see cref="T0"/>.</summary>
internal static class TenantStates
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

    public static TenantState Tenant(string id, TenantStatus status, DateTimeOffset statusChangedAt) =>
        new(id, id, "seed-1", "project-1", status, new TenantLimits(MonitoringLimits.Defaults, LoggingLimits.Defaults), null, null, statusChangedAt);
}
