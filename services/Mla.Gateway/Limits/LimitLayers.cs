using System.Linq.Expressions;
using System.Reflection;

namespace Mla.Gateway.Limits;

/// <summary>
/// The one rule by which a tenant's limits are resolved: each limit is the tenant's own value where it has one, else
/// the default. <typeparamref name="TLimits"/> is a record whose constructor takes one value per limit;
/// <typeparamref name="TDefaults"/> has a property of the same name and type for each, and
/// <typeparamref name="TOverrides"/> a nullable one (null: no own value). The resolution is compiled once per
/// combination (as fast as writing <c>overrides?.X ?? defaults.X</c> for every limit); a limit missing on either side
/// fails the first use with the names.
/// </summary>
internal static class LimitLayers<TLimits, TDefaults, TOverrides>
    where TDefaults : class
    where TOverrides : class
{
    private static readonly Func<TDefaults, TOverrides?, TLimits> Resolution = Compile();

    public static TLimits Resolve(TDefaults defaults, TOverrides? overrides) => Resolution(defaults, overrides);

    private static Func<TDefaults, TOverrides?, TLimits> Compile()
    {
        var constructor = typeof(TLimits).GetConstructors().Single();
        var defaults = Expression.Parameter(typeof(TDefaults), "defaults");
        var overrides = Expression.Parameter(typeof(TOverrides), "overrides");
        var noOverrides = Expression.Equal(overrides, Expression.Constant(null, typeof(TOverrides)));
        var values = constructor.GetParameters().Select(limit =>
        {
            var fallback = Expression.Property(defaults, Property(typeof(TDefaults), limit.Name!, limit.ParameterType));
            var own = Expression.Property(overrides, Property(typeof(TOverrides), limit.Name!, typeof(Nullable<>).MakeGenericType(limit.ParameterType)));
            return (Expression)Expression.Condition(noOverrides, fallback, Expression.Coalesce(own, fallback));
        });
        return Expression.Lambda<Func<TDefaults, TOverrides?, TLimits>>(Expression.New(constructor, values), defaults, overrides).Compile();
    }

    private static PropertyInfo Property(Type owner, string name, Type type) =>
        owner.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { } property && property.PropertyType == type
            ? property
            : throw new InvalidOperationException($"{typeof(TLimits).Name}.{name} has no public {type.Name} property {owner.Name}.{name} to resolve from");
}
