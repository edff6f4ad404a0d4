using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Mla.Hosting.Options;

/// <summary>
/// Validates options with data annotations (and <see cref="IValidatableObject"/>) and reports every failure with
/// the full configuration key, e.g. <c>Mla:Webhooks:MaxBodyBytes: must be between 1024 and 104857600</c>, so an
/// operator knows exactly which setting stopped the process.
/// </summary>
public sealed class SectionDataAnnotationsValidator<TOptions>(string sectionPath) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = new List<string>();
        Collect(options, sectionPath, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Collect(object instance, string path, List<string> failures)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [string.Empty];
            foreach (var member in members)
            {
                var key = member.Length == 0 ? path : $"{path}:{member}";
                failures.Add($"{key}: {result.ErrorMessage}");
            }
        }

        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<ValidateNestedAttribute>() is null)
            {
                continue;
            }

            if (property.GetValue(instance) is { } nested)
            {
                Collect(nested, $"{path}:{property.Name}", failures);
            }
        }
    }
}
