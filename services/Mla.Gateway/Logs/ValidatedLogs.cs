using Mla.Ingestion.Logs;

namespace Mla.Gateway.Logs;

/// <summary>What validation kept (streams with canonical labels and their accepted entries) and what it rejected.</summary>
public sealed class ValidatedLogs
{
    private readonly Dictionary<string, int> _rejectedByReason = new(StringComparer.Ordinal);

    public List<LogStreamEntries> Accepted { get; } = [];

    public int AcceptedEntries { get; set; }

    /// <summary>UTF-8 bytes of the accepted lines and their structured metadata: what the rate limit counts.</summary>
    public long AcceptedBytes { get; set; }

    public int RejectedEntries { get; private set; }

    public int RejectedStreams { get; set; }

    /// <summary>Why the first rejected stream or entry was rejected, naming the stream.</summary>
    public string? FirstRejection { get; set; }

    /// <summary>Every stream's labels were already canonical and nothing was rejected: the protobuf body can go on as it is.</summary>
    public bool Unchanged { get; set; } = true;

    public IReadOnlyDictionary<string, int> RejectedByReason => _rejectedByReason;

    public void Reject(string reason, int entries, string message)
    {
        if (entries <= 0)
        {
            return;
        }

        Unchanged = false;
        RejectedEntries += entries;
        _rejectedByReason[reason] = _rejectedByReason.GetValueOrDefault(reason) + entries;
        FirstRejection ??= message;
    }
}
