namespace Mla.Benchmarks.Agents;

/// <summary>The resident-memory samples of one agent over the run (bytes).</summary>
internal sealed class MemoryTrace
{
    private readonly List<long> _rss = [];

    public int Count => _rss.Count;

    /// <summary>RSS at the last sample.</summary>
    public long Last => _rss.Count > 0 ? _rss[^1] : 0;

    /// <summary>The highest VmHWM seen: the process's peak RSS since it started (its start-up included).</summary>
    public long Peak { get; private set; }

    public double Mean => _rss.Count > 0 ? _rss.Average() : 0;

    /// <summary>Reads the process's memory now; false when it is gone.</summary>
    public bool Sample(int pid)
    {
        if (ProcessMemory.Read(pid) is not { } memory)
        {
            return false;
        }

        _rss.Add(memory.Rss);
        Peak = Math.Max(Peak, memory.Peak);
        return true;
    }
}
