using Mla.Hosting.Bus;
using Mla.Hosting.Options;

namespace Mla.Hosting.Tests.Options;

public sealed class SectionDataAnnotationsValidatorTests
{
    [Fact]
    public void Valid_options_pass()
    {
        var result = new SectionDataAnnotationsValidator<BusOptions>(BusOptions.SectionName).Validate(null, new BusOptions());
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void A_nested_failure_names_the_full_key()
    {
        var options = new BusOptions { RabbitMq = { Port = 0, Host = "" } };
        var failures = new SectionDataAnnotationsValidator<BusOptions>(BusOptions.SectionName).Validate(null, options).Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Mla:Bus:RabbitMq:Port:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mla:Bus:RabbitMq:Host:", StringComparison.Ordinal));
        Assert.Equal(2, failures.Count);
    }
}
