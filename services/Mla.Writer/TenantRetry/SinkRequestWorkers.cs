using System.Collections.Concurrent;

namespace Mla.Writer.TenantRetry;

/// <summary>
/// A sink's request threads (<c>MaxConcurrentRequests</c> of them; the sink client's calls block): they run the jobs
/// the retry state hands out and queue the results for the consume loop, which alone completes records.
/// </summary>
public sealed class SinkRequestWorkers : IDisposable
{
    private readonly BlockingCollection<TenantWork> _work = new(new ConcurrentQueue<TenantWork>());
    private readonly ConcurrentQueue<TenantWorkResult> _finished = new();
    private readonly AutoResetEvent _signal = new(false);
    private readonly CancellationTokenSource _abort = new();
    private readonly Func<TenantWork, CancellationToken, TenantWorkResult> _execute;
    private readonly Thread[] _threads;

    public SinkRequestWorkers(string sink, int count, Func<TenantWork, CancellationToken, TenantWorkResult> execute)
    {
        _execute = execute;
        _threads = [.. Enumerable.Range(0, count).Select(i => new Thread(Work) { IsBackground = true, Name = $"mla-writer-{sink}-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public void Start(TenantWork work) => _work.Add(work);

    public bool TryTakeFinished(out TenantWorkResult result) => _finished.TryDequeue(out result!);

    /// <summary>Blocks until a job finished (or <paramref name="timeout"/>); true when one did.</summary>
    public bool WaitForFinished(TimeSpan timeout) => _signal.WaitOne(timeout);

    /// <summary>Cancels the jobs running (their records stay held, uncommitted).</summary>
    public void Abort() => _abort.Cancel();

    public void Dispose()
    {
        _work.CompleteAdding();
        _abort.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }

        _work.Dispose();
        _abort.Dispose();
        _signal.Dispose();
    }

    private void Work()
    {
        try
        {
            foreach (var work in _work.GetConsumingEnumerable())
            {
                TenantWorkResult result;
                try
                {
                    result = _execute(work, _abort.Token);
                }
                catch (OperationCanceledException)
                {
                    result = TenantWorkResult.Failed(work, "abandoned: the loop is stopping");
                }
                catch (Exception ex)
                {
                    result = TenantWorkResult.Failed(work, $"{ex.GetType().Name}: {ex.Message}");
                }

                _finished.Enqueue(result);
                _signal.Set();
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed while waiting for work: the loop has stopped.
        }
    }
}
