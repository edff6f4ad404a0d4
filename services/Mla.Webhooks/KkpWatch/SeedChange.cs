namespace Mla.Webhooks.KkpWatch;

/// <summary>Something the seed's processing loop handles, one at a time and in the order it arrived.</summary>
public abstract record SeedChange;
