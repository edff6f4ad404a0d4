using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mla.Hosting.Options;

public static class OptionsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to one configuration section and validates it when the host starts:
    /// unknown keys, unconvertible values and failed annotations stop the process with a message naming the key.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string sectionPath)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SectionDataAnnotationsValidator<TOptions>(sectionPath));
        return services.AddOptions<TOptions>()
            .BindConfiguration(sectionPath, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
    }

    /// <summary>Reads a section eagerly, for settings needed while services are still being registered.</summary>
    public static TOptions ReadSection<TOptions>(this IConfiguration configuration, string sectionPath)
        where TOptions : class, new() =>
        configuration.GetSection(sectionPath).Get<TOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new TOptions();
}
