namespace Mla.Webhooks.Resync;

public enum ResyncState
{
    Running,
    Completed,
    Failed,
}
