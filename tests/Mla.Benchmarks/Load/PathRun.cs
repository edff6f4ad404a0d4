namespace Mla.Benchmarks.Load;

/// <summary>One path of a side-by-side run: its target, its bodies, what one request counts (line bytes; samples), and its results.</summary>
internal sealed class PathRun(LoadTarget target, byte[][] bodies, int countPerRequest)
{
    public LoadTarget Target { get; } = target;

    public byte[][] Bodies { get; } = bodies;

    public int CountPerRequest { get; } = countPerRequest;

    /// <summary>The previous run (warm-up included): the next run is sized from its rate.</summary>
    public LoadResult? Last { get; set; }

    /// <summary>The measured rounds (not the warm-up).</summary>
    public List<LoadResult> Results { get; } = [];
}
