namespace Mla.Hosting.Loops;

/// <summary>What one supervised loop is doing, as <c>/readyz</c> and <c>/healthz</c> report it.</summary>
public sealed class LoopState(string name)
{
    private readonly Lock _lock = new();

    public string Name { get; } = name;

    public LoopStatus Status { get; private set; } = LoopStatus.Starting;

    /// <summary>Failures in a row; a run that lasted <see cref="LoopOptions.HealthyAfter"/> starts the count again.</summary>
    public int ConsecutiveFailures { get; private set; }

    public long Restarts { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? RunningSince { get; private set; }

    internal void Started(DateTimeOffset now)
    {
        lock (_lock)
        {
            Status = LoopStatus.Running;
            RunningSince = now;
        }
    }

    /// <summary>Records a failure; returns the failures in a row, this one included.</summary>
    internal int Failed(string error, DateTimeOffset now, TimeSpan healthyAfter)
    {
        lock (_lock)
        {
            if (RunningSince is { } since && now - since >= healthyAfter)
            {
                ConsecutiveFailures = 0;
            }

            ConsecutiveFailures++;
            Restarts++;
            LastError = error;
            Status = LoopStatus.Restarting;
            RunningSince = null;
            return ConsecutiveFailures;
        }
    }

    internal void Ended(LoopStatus status)
    {
        lock (_lock)
        {
            Status = status;
            RunningSince = null;
        }
    }

    /// <summary>Failures in a row as of <paramref name="now"/>: zero once the current run has lasted <paramref name="healthyAfter"/>.</summary>
    public int FailuresInARow(DateTimeOffset now, TimeSpan healthyAfter)
    {
        lock (_lock)
        {
            return Status == LoopStatus.Running && RunningSince is { } since && now - since >= healthyAfter ? 0 : ConsecutiveFailures;
        }
    }
}
