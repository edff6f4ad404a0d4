using System.Reflection;
using Mla.Gateway.Limits;
using Mla.Gateway.ReadPath;

namespace Mla.Gateway.Tests.Limits;

/// <summary>
/// The one resolution of a tenant's limits (its own value, else the default) for each kind of limits: every limit,
/// found by name, so that a limit added to one side only or mapped to the wrong one shows here.
/// </summary>
public sealed class LimitLayersTests
{
    [Fact]
    public void Metrics_limits_are_the_defaults_without_own_values_and_each_own_value_replaces_only_its_limit()
    {
        var defaults = new LimitsOptions();

        AssertEachOwnValueReplacesOnlyItsLimit(defaults, () => new LimitsOverrideOptions(), o => TenantLimits.Resolve(defaults, o));
    }

    [Fact]
    public void Logs_limits_are_the_defaults_without_own_values_and_each_own_value_replaces_only_its_limit()
    {
        var defaults = new LogLimitsOptions();

        AssertEachOwnValueReplacesOnlyItsLimit(defaults, () => new LogLimitsOverrideOptions(), o => TenantLogLimits.Resolve(defaults, o));
    }

    [Fact]
    public void Read_limits_are_the_read_paths_defaults_without_own_values_and_each_own_value_replaces_only_its_limit()
    {
        var defaults = new ReadPathOptions();

        AssertEachOwnValueReplacesOnlyItsLimit(defaults, () => TenantReadLimits.None with { }, o => LimitLayers<ReadLimits, ReadPathOptions, TenantReadLimits>.Resolve(defaults, o));
    }

    [Fact]
    public void Nested_limits_resolve_with_their_own_defaults()
    {
        var defaults = new LimitsOptions { IngestionRate = 7, Logs = new LogLimitsOptions { MaxLineBytes = 9 } };
        var overrides = new LimitsOverrideOptions
        {
            Logs = new LogLimitsOverrideOptions { IngestionBurstBytes = 11 },
            Reads = new ReadLimitsOverrideOptions { QueryBurst = 13 },
        };

        var limits = TenantLimits.Resolve(defaults, overrides);

        Assert.Equal(7, limits.IngestionRate);
        Assert.Equal((11, 9), (limits.Logs.IngestionBurstBytes, limits.Logs.MaxLineBytes));
        Assert.Equal(new TenantReadLimits(null, 13, null, null), limits.Reads);
        Assert.Equal(TenantLimits.Resolve(new LimitsOptions(), null).Logs, TenantLimits.Resolve(new LimitsOptions(), new LimitsOverrideOptions()).Logs);
    }

    [Fact]
    public void A_limit_with_no_default_of_its_name_and_type_fails_with_the_names()
    {
        var failure = Assert.Throws<TypeInitializationException>(() => LimitLayers<Mismatched, LimitsOptions, LimitsOverrideOptions>.Resolve(new LimitsOptions(), null));

        var reason = Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.Contains("Mismatched.MaxSeriesPerRequest", reason.Message, StringComparison.Ordinal);
        Assert.Contains("LimitsOptions.MaxSeriesPerRequest", reason.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Without own values (null, and an override object with nothing set) every limit is its default; then, one at a
    /// time, an own value that differs from the default is the only limit that changes.
    /// </summary>
    private static void AssertEachOwnValueReplacesOnlyItsLimit<TDefaults, TOverrides, TLimits>(
        TDefaults defaults, Func<TOverrides> empty, Func<TOverrides?, TLimits> resolve)
        where TOverrides : class
    {
        var limitNames = typeof(TLimits).GetConstructors().Single().GetParameters().Select(p => p.Name!).ToList();
        Assert.NotEmpty(limitNames);
        var expectedDefaults = limitNames.ToDictionary(n => n, n => Value(defaults!, n));
        Assert.Equal(expectedDefaults, Values(resolve(null), limitNames));
        Assert.Equal(expectedDefaults, Values(resolve(empty()), limitNames));

        foreach (var name in limitNames)
        {
            var own = Other(expectedDefaults[name]!);
            var overrides = empty();
            typeof(TOverrides).GetProperty(name)!.SetValue(overrides, own);

            var expected = new Dictionary<string, object?>(expectedDefaults) { [name] = own };
            Assert.Equal(expected, Values(resolve(overrides), limitNames));
        }
    }

    private static Dictionary<string, object?> Values(object? limits, List<string> names) => names.ToDictionary(n => n, n => Value(limits!, n));

    private static object? Value(object owner, string name) =>
        owner.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!.GetValue(owner);

    /// <summary>A value of the same type that is not <paramref name="value"/>.</summary>
    private static object Other(object value) => value switch
    {
        int i => i == 1 ? 2 : i - 1,
        long l => l == 1 ? 2L : l - 1,
        double d => d / 2,
        TimeSpan t => t + TimeSpan.FromSeconds(1),
        _ => throw new InvalidOperationException($"no other value for a limit of type {value.GetType().Name}"),
    };

    private sealed record Mismatched(double IngestionRate, long MaxSeriesPerRequest);
}
