using System.Globalization;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Resources;
using Mla.Kubernetes.TestServer.Selectors;
using Mla.Kubernetes.TestServer.Store;

namespace Mla.Kubernetes.TestServer.Watch;

/// <summary>
/// Serves <c>?watch=true</c> (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes): 200, chunked, one <c>\n</c>-terminated JSON event per line,
/// flushed; synthetic ADDED for RV unset/0; resume from a resourceVersion or an ERROR 410 Expired event; bookmarks;
/// <c>sendInitialEvents</c> with the initial-events-end bookmark; closed at <c>timeoutSeconds</c> or when the server cuts watches.
/// </summary>
public sealed class WatchStreamer(ObjectStore store, TimeSpan bookmarkInterval)
{
    public async Task StreamAsync(HttpContext context, ResourceKind kind, string? ns, LabelSelector labels, FieldSelector fields, WatchRequest request, CancellationToken cut)
    {
        var subscription = new WatchSubscription(kind, ns, labels, fields);
        var initial = new List<string>();
        long lastRv;
        lock (store.Gate)
        {
            lastRv = store.ResourceVersion;
            if (request.SendInitialEvents || request.ResourceVersion is null or "" or "0")
            {
                initial.AddRange(store.Scan(kind.Group, kind.Plural, ns).Select(e => subscription.Added(e.Key, e.Value)).OfType<string>());
                if (request.SendInitialEvents)
                {
                    initial.Add(subscription.Bookmark(lastRv, initialEventsEnd: true));
                }
            }
            else
            {
                if (!long.TryParse(request.ResourceVersion, CultureInfo.InvariantCulture, out var from))
                {
                    throw ApiErrors.BadRequest($"invalid resource version: {request.ResourceVersion}");
                }
                var events = store.EventsAfter(from);
                if (events is null)
                {
                    initial.Add("{\"type\":\"ERROR\",\"object\":" + ApiErrors.Status(410, "Expired",
                        $"too old resource version: {from} ({store.OldestValidResourceVersion})").ToJsonString() + "}");
                    lastRv = -1;
                }
                else
                {
                    initial.AddRange(events.Select(subscription.Translate).OfType<string>());
                }
            }
            if (lastRv >= 0)
            {
                store.Subscribe(subscription);
            }
        }
        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            foreach (var line in initial)
            {
                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
            }
            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (lastRv < 0)
            {
                return;
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, cut);
            if (request.TimeoutSeconds is > 0 and var seconds)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }
            await PumpAsync(context, subscription, request.AllowBookmarks, lastRv, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The client went away, the timeout passed or the server cut the watch: the stream just ends.
        }
        finally
        {
            lock (store.Gate)
            {
                store.Unsubscribe(subscription);
            }
        }
    }

    private async Task PumpAsync(HttpContext context, WatchSubscription subscription, bool bookmarks, long lastRv, CancellationToken stop)
    {
        var nextBookmark = DateTimeOffset.UtcNow + bookmarkInterval;
        while (!stop.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
            wait.CancelAfter(bookmarks ? Max(nextBookmark - DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(10)) : Timeout.InfiniteTimeSpan);
            try
            {
                await subscription.Lines.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // bookmark time
            }
            var wrote = false;
            while (subscription.Lines.TryRead(out var line))
            {
                lastRv = Math.Max(lastRv, line.ResourceVersion);
                if (line.Text is not null)
                {
                    await context.Response.WriteAsync(line.Text + "\n", stop);
                    wrote = true;
                }
            }
            if (bookmarks && DateTimeOffset.UtcNow >= nextBookmark)
            {
                await context.Response.WriteAsync(subscription.Bookmark(lastRv) + "\n", stop);
                nextBookmark = DateTimeOffset.UtcNow + bookmarkInterval;
                wrote = true;
            }
            if (wrote)
            {
                await context.Response.Body.FlushAsync(stop);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
