using System.Globalization;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;
using Mla.Gateway.Auth;
using Mla.Gateway.Limits;
using Mla.Gateway.Observability;
using Mla.Gateway.RemoteWrite;

namespace Mla.Gateway.Push;

/// <summary>
/// The envelope of every push route (README.md): time the request, authenticate the tenant (client certificate or
/// tenant token; a rotated certificate closes the connection after the answer), let the signal check the headers,
/// read the body within <c>MaxBodyBytes</c> and the in-flight budget, hand it to the signal's middle
/// (<see cref="IPushSignal.ProcessAsync"/>), keep the body's bytes reserved until librdkafka lets go, count, log a
/// refusal and answer — or count 499 when the client went away. A push is logged by the request log at Debug only;
/// a refusal gets a line of its own with the tenant and reason (Warning for 5xx, Information for 4xx), at most one
/// per tenant and reason per <see cref="RefusalLogLimiter"/> window.
/// </summary>
public sealed class PushPipeline(
    TenantAuthenticator authenticator,
    InFlightBudget budget,
    GatewayMetrics metrics,
    RefusalLogLimiter refusalLog,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<PushPipeline> logger)
{
    private const string Unauthenticated = "";
    private readonly int _maxBodyBytes = options.Value.MaxBodyBytes;

    public async Task HandleAsync(HttpContext context, IPushSignal signal)
    {
        var started = time.GetTimestamp();
        var tenant = Unauthenticated;
        try
        {
            PushResponse response;
            (response, tenant) = await ProcessAsync(context, signal);
            Count(tenant, response, started);
            LogRefusal(context, signal, tenant, response);
            await response.WriteAsync(context.Response);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            metrics.Requests.WithLabels(tenant, "499").Inc(); // the client went away; nothing to answer
        }
        finally
        {
            metrics.InFlightBytes.Set(budget.Used);
        }
    }

    private async Task<(PushResponse Response, string Tenant)> ProcessAsync(HttpContext context, IPushSignal signal)
    {
        var request = context.Request;
        var tenantHeader = request.Headers[TenantAuthenticator.TenantHeader].ToString();
        var auth = authenticator.Authenticate(
            context.Connection.ClientCertificate, request.Headers.Authorization.ToString(), tenantHeader.Length == 0 ? null : tenantHeader);
        if (auth.ReconnectWithNewCertificate)
        {
            // Connection: close (HTTP/1.1) or GOAWAY (HTTP/2) after this answer: the agent's next connection presents its current files.
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }

        if (!auth.Succeeded)
        {
            var reason = auth.Status == StatusCodes.Status401Unauthorized ? "unauthenticated" : "forbidden";
            return (PushResponse.Error(auth.Status, reason, auth.Reason!), Unauthenticated);
        }

        var tenant = auth.Tenant!;
        var headerProblem = signal.CheckHeaders(request);
        if (headerProblem is not null)
        {
            return (headerProblem, tenant.Id);
        }

        var receivedAt = time.GetUtcNow();
        var read = await PushBodyReader.ReadAsync(context, _maxBodyBytes, budget);
        if (read.Failure is not null)
        {
            return (read.Failure, tenant.Id);
        }

        var reserved = read.Reserved;
        try
        {
            metrics.ReceivedBytes.WithLabels(tenant.Id).Inc(read.Body!.Length);
            var (response, settled) = await signal.ProcessAsync(request, read.Body, tenant, receivedAt);
            if (!settled.IsCompleted)
            {
                // librdkafka still holds the records: their bytes stay reserved until it lets go.
                var handedOver = reserved;
                reserved = 0;
                _ = settled.ContinueWith(_ => budget.Release(handedOver), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return (response, tenant.Id);
        }
        finally
        {
            budget.Release(reserved);
        }
    }

    /// <summary>One line per refusal, with the tenant ("" before authentication), the reason and the client's address.</summary>
    private void LogRefusal(HttpContext context, IPushSignal signal, string tenant, PushResponse response)
    {
        if (response.Reason is not { } reason || !refusalLog.ShouldWrite(tenant, reason, out var suppressed))
        {
            return;
        }

        var level = response.Status >= StatusCodes.Status500InternalServerError ? LogLevel.Warning : LogLevel.Information;
        if (!logger.IsEnabled(level))
        {
            return;
        }

        logger.Log(
            level,
            "{Signal:l} of tenant {Tenant} from {RemoteAddress} refused with {Status} ({RefusalReason}): {Message} ({Suppressed} more like it not logged since the previous such line; at most one per {WindowSeconds} s)",
            signal.Subject, tenant, context.Connection.RemoteIpAddress, response.Status, reason, response.Message, suppressed, refusalLog.Window.TotalSeconds);
    }

    private void Count(string tenant, PushResponse response, long started)
    {
        var status = response.Status.ToString(CultureInfo.InvariantCulture);
        metrics.Requests.WithLabels(tenant, status).Inc();
        metrics.RequestDuration.WithLabels(status).Observe(time.GetElapsedTime(started).TotalSeconds);
        if (response.Reason is not null)
        {
            metrics.RequestsRejected.WithLabels(tenant, response.Reason).Inc();
        }
    }
}
