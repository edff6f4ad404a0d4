namespace Mla.Webhooks.Resync;

public enum ResyncStartOutcome
{
    /// <summary>A new run was recorded; this replica runs it.</summary>
    Started,

    /// <summary>As many runs as allowed are running fleet-wide; the result names one of them.</summary>
    Busy,

    /// <summary>A scheduled start found a run that started recently on some replica; the result names it.</summary>
    RecentlyRan,
}
