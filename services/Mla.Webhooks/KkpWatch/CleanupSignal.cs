using System.Threading.Channels;

namespace Mla.Webhooks.KkpWatch;

/// <summary>Wakes the seed loops of this process when a cleanup report arrived, so a finalizer goes without waiting for the next check.</summary>
public sealed class CleanupSignal
{
    private readonly List<Channel<string>> _listeners = [];
    private readonly Lock _lock = new();

    public ChannelReader<string> Listen()
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            _listeners.Add(channel);
        }

        return channel.Reader;
    }

    public void Notify(string clusterId)
    {
        lock (_lock)
        {
            foreach (var listener in _listeners)
            {
                listener.Writer.TryWrite(clusterId);
            }
        }
    }
}
