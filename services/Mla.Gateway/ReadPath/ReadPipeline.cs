using Microsoft.Extensions.Options;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// What every read goes through: the read credential (401 without a valid one), the caller's query rate (429 with the
/// reason), then the read itself; a store that does not answer is 502, one that is too slow 504. Never logs a token.
/// </summary>
public sealed class ReadPipeline(
    ReadAuthenticator authenticator, ReadLimiter limiter, ITenantDirectory directory, IOptions<GatewayOptions> options, ILogger<ReadPipeline> logger)
{
    public async Task HandleAsync(HttpContext context, Func<ReadCaller, TenantSnapshot, CancellationToken, Task> read)
    {
        var caller = authenticator.Authenticate(context.Request);
        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Read credential required",
                detail: "send a tenant's read token or a seed's admin read token as 'Authorization: Bearer <token>'").ExecuteAsync(context);
            return;
        }

        var limits = ReadLimits.For(caller, options.Value.ReadPath);
        var decision = limiter.TryTake(caller, limits);
        if (!decision.IsAllowed)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Query rate limit",
                detail: $"per-tenant query rate limit exceeded for {caller.Name}: {limits.QueriesPerSecond} queries per second, burst {limits.QueryBurst}").ExecuteAsync(context);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(options.Value.ReadPath.Timeout);
        try
        {
            await read(caller, directory.Current, timeout.Token);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Read of {Caller} at {Path}: the store did not answer ({Reason})", caller.Name, context.Request.Path.Value, ex.Message);
            await Problem(context, StatusCodes.Status502BadGateway, "Store unavailable", "the store behind the read path did not answer; retry");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("Read of {Caller} at {Path}: the store took longer than {Timeout}", caller.Name, context.Request.Path.Value, options.Value.ReadPath.Timeout);
            await Problem(context, StatusCodes.Status504GatewayTimeout, "Store timeout", $"the store did not answer within {options.Value.ReadPath.Timeout}");
        }
    }

    public static async Task Problem(HttpContext context, int status, string title, string detail)
    {
        if (!context.Response.HasStarted)
        {
            await Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
        }
    }
}
