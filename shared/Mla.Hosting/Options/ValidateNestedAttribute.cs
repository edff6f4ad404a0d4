namespace Mla.Hosting.Options;

/// <summary>Marks an options property whose own members are validated too, with keys prefixed by its name.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValidateNestedAttribute : Attribute;
