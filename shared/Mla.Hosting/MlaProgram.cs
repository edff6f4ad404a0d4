using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Mla.Hosting.Logging;
using Serilog;

namespace Mla.Hosting;

/// <summary>The whole body of a service's Program.cs: build, run, and turn start-up failures into one clear line.</summary>
public static class MlaProgram
{
    public static async Task<int> RunAsync(
        string serviceName,
        string[] args,
        Action<WebApplicationBuilder> addServices,
        Action<WebApplication> mapEndpoints)
    {
        Log.Logger = SerilogSetup.CreateBootstrapLogger(serviceName);
        try
        {
            var builder = MlaApplication.CreateBuilder(serviceName, args);
            addServices(builder);
            await using var app = MlaApplication.Build(builder, mapEndpoints);
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            Log.Fatal("Invalid configuration, {Service} stops: {Failures}", serviceName, string.Join("; ", ex.Failures));
            return 1;
        }
        catch (InvalidConfigurationException ex)
        {
            Log.Fatal("Invalid configuration, {Service} stops: {Reason}", serviceName, ex.Message);
            return 1;
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            Log.Fatal("Invalid configuration, {Service} stops: {Reason}", serviceName, ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Fatal(ex, "{Service} stopped unexpectedly", serviceName);
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
