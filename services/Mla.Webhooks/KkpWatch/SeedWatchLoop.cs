using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Options;
using Mla.Hosting.Loops;

namespace Mla.Webhooks.KkpWatch;

/// <summary>
/// The watch of one seed (a supervised loop, <c>kkp-watch-&lt;seed&gt;</c> on <c>/readyz</c>): lists every watched kind,
/// publishes what differs from the catalog, then watches each kind from its list's resourceVersion. A broken stream
/// resumes from the last resourceVersion seen (back-off with jitter on errors); an expired one (410) is listed again
/// and only the differences are published. Changes are handled one at a time, in order, by <see cref="SeedChangeHandler"/>.
/// A failure to publish ends the run: the supervisor restarts it after a back-off, and its list repairs everything.
/// </summary>
public sealed partial class SeedWatchLoop(
    string seed,
    IOptions<WebhooksOptions> options,
    SeedChangeHandler handler,
    KkpWatchMetrics metrics,
    CleanupSignal signal,
    LoopSupervisor supervisor,
    TimeProvider time,
    ILogger<SeedWatchLoop> logger) : SupervisedLoop($"kkp-watch-{seed}", supervisor)
{
    public string Seed => seed;

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var watch = options.Value.Kkp;
        metrics.Synced.WithLabels(seed).Set(0);
        using var client = SeedClients.Create(watch.Seeds[seed], watch.WatchTimeout);
        LogStarting(logger, seed, watch.Seeds[seed].Kubeconfig);
        var state = new SeedObjects();
        var resourceVersions = new Dictionary<KkpResource, string>();
        var started = Stopwatch.GetTimestamp();
        foreach (var resource in KkpResources.All)
        {
            var (items, resourceVersion) = await KkpResourceClient.ListAsync(client, resource, watch.ListPageSize, stoppingToken);
            state.Replace(resource, resource == KkpResources.Secrets ? items.Where(s => state.IsConfigSecret(s.Metadata.NamespaceProperty, s.Metadata.Name)) : items);
            resourceVersions[resource] = resourceVersion;
            metrics.Relists.WithLabels(seed, resource.Name).Inc();
            metrics.Objects.WithLabels(seed, resource.Name).Set(state.Count(resource));
            LogListed(logger, seed, items.Count, resource.Name, resourceVersion);
        }

        var published = await handler.ReconcileAllAsync(client, seed, state, stoppingToken);
        LogSynced(logger, seed, published, Stopwatch.GetElapsedTime(started).TotalSeconds);
        metrics.Synced.WithLabels(seed).Set(1);

        var changes = Channel.CreateBounded<SeedChange>(new BoundedChannelOptions(1000) { SingleReader = true });
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var background = KkpResources.All
            .Select(r => WatchKindAsync(client, r, resourceVersions[r], changes.Writer, watching.Token))
            .Append(TickAsync(changes.Writer, watch.FinalizerCheckInterval, watching.Token))
            .Append(ForwardCleanupReportsAsync(changes.Writer, watching.Token))
            .ToList();
        try
        {
            await foreach (var change in changes.Reader.ReadAllAsync(stoppingToken))
            {
                await handler.HandleAsync(client, seed, state, change, stoppingToken);
            }
        }
        finally
        {
            await watching.CancelAsync();
            await Task.WhenAll(background.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    /// <summary>Watches one kind for as long as the seed loop runs; a failure it cannot handle ends the channel, and with it the run.</summary>
    private async Task WatchKindAsync(IKubernetes client, KkpResource resource, string resourceVersion, ChannelWriter<SeedChange> changes, CancellationToken cancellationToken)
    {
        var watch = options.Value.Kkp;
        var failures = 0;
        var unexpectedKindLogged = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var expired = false;
                using var stream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                void OnError(Exception ex)
                {
                    if (IsExpired(ex))
                    {
                        // An ERROR event with 410 in the stream: nothing more will come from this resourceVersion.
                        expired = true;
                        stream.Cancel();
                    }
                }

                try
                {
                    await foreach (var (type, item) in KkpResourceClient.WatchAsync(client, resource, resourceVersion, watch.WatchTimeout, OnError, stream.Token))
                    {
                        if (item.Metadata?.ResourceVersion is { Length: > 0 } seen)
                        {
                            resourceVersion = seen;
                        }

                        failures = 0;
                        if (type == WatchEventType.Bookmark)
                        {
                            continue;
                        }

                        if (type == WatchEventType.Error)
                        {
                            expired = true;
                            break;
                        }

                        if (!string.Equals(item.Kind, resource.Kind, StringComparison.Ordinal))
                        {
                            // Never from a conforming API server; a proxy or a double that mixes kinds must not
                            // make a Cluster pass for a Project.
                            metrics.Errors.WithLabels(seed, resource.Name, "unexpected_kind").Inc();
                            if (!unexpectedKindLogged)
                            {
                                LogUnexpectedKind(logger, seed, resource.Name, item.Kind, item.Key);
                                unexpectedKindLogged = true;
                            }

                            continue;
                        }

                        metrics.Changes.WithLabels(seed, resource.Name, type.ToString()).Inc();
                        await changes.WriteAsync(new KkpObjectChanged(resource, type, item), cancellationToken);
                    }
                }
                catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Gone)
                {
                    expired = true;
                }
                catch (OperationCanceledException) when (expired && !cancellationToken.IsCancellationRequested)
                {
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    metrics.Errors.WithLabels(seed, resource.Name, "watch").Inc();
                    var wait = Backoff(failures);
                    LogWatchFailed(logger, seed, resource.Name, resourceVersion, failures, wait, ex.GetType().Name, ex.Message);
                    await Task.Delay(wait, time, cancellationToken);
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                if (expired)
                {
                    resourceVersion = await RelistAsync(client, resource, changes, cancellationToken);
                }
                else
                {
                    LogWatchResumed(logger, seed, resource.Name, resourceVersion);
                }

                metrics.WatchRestarts.WithLabels(seed, resource.Name).Inc();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            changes.TryComplete(ex);
        }
    }

    private async Task<string> RelistAsync(IKubernetes client, KkpResource resource, ChannelWriter<SeedChange> changes, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                LogExpired(logger, seed, resource.Name);
                var (items, resourceVersion) = await KkpResourceClient.ListAsync(client, resource, options.Value.Kkp.ListPageSize, cancellationToken);
                metrics.Relists.WithLabels(seed, resource.Name).Inc();
                LogListed(logger, seed, items.Count, resource.Name, resourceVersion);
                await changes.WriteAsync(new KkpKindRelisted(resource, items), cancellationToken);
                return resourceVersion;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures++;
                metrics.Errors.WithLabels(seed, resource.Name, "list").Inc();
                var wait = Backoff(failures);
                LogListFailed(logger, seed, resource.Name, failures, wait, ex.GetType().Name, ex.Message);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    private async Task TickAsync(ChannelWriter<SeedChange> changes, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await changes.WriteAsync(new FinalizerCheckDue(null), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ForwardCleanupReportsAsync(ChannelWriter<SeedChange> changes, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var clusterId in signal.Listen().ReadAllAsync(cancellationToken))
            {
                await changes.WriteAsync(new FinalizerCheckDue(clusterId), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Exponential from <see cref="KkpWatchOptions.InitialBackoff"/>, ±20 % jitter so that the seed's watches do not retry in step.</summary>
    private TimeSpan Backoff(int failures)
    {
        var watch = options.Value.Kkp;
        var ticks = Math.Min(watch.InitialBackoff.Ticks * Math.Pow(2, Math.Min(failures - 1, 20)), watch.MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.8 + (Random.Shared.NextDouble() * 0.4))));
    }

    private static bool IsExpired(Exception ex) => ex is KubernetesException { Status.Code: (int)HttpStatusCode.Gone };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed {Seed}: the watch of {Kind} sent a {OtherKind} ({Object}); ignored, like every further one (counted in mla_webhooks_kkp_errors_total)")]
    private static partial void LogUnexpectedKind(ILogger logger, string seed, string kind, string otherKind, string @object);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed {Seed}: watching KKP objects with the kubeconfig at {KubeconfigPath}")]
    private static partial void LogStarting(ILogger logger, string seed, string kubeconfigPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed {Seed}: listed {Count} {Kind} (resourceVersion {ResourceVersion})")]
    private static partial void LogListed(ILogger logger, string seed, int count, string kind, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed {Seed}: in sync with the catalog after {Seconds:0.0} s; {Published} events published")]
    private static partial void LogSynced(ILogger logger, string seed, int published, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed {Seed}: the watch of {Kind} expired (410); listing again")]
    private static partial void LogExpired(ILogger logger, string seed, string kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Seed {Seed}: the watch of {Kind} ended; resuming from resourceVersion {ResourceVersion}")]
    private static partial void LogWatchResumed(ILogger logger, string seed, string kind, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed {Seed}: the watch of {Kind} failed ({Failures} in a row), resuming from resourceVersion {ResourceVersion} in {Wait}: {Error}: {Message}")]
    private static partial void LogWatchFailed(ILogger logger, string seed, string kind, string resourceVersion, int failures, TimeSpan wait, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed {Seed}: listing {Kind} failed ({Failures} in a row), again in {Wait}: {Error}: {Message}")]
    private static partial void LogListFailed(ILogger logger, string seed, string kind, int failures, TimeSpan wait, string error, string message);
}
