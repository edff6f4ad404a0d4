using MassTransit;
using Microsoft.Extensions.Options;
using Mla.Contracts.Agents;

namespace Mla.Exporters.Rollouts;

/// <summary>What the API does with rollouts: create (one active per component), pause, resume, abort.</summary>
public sealed class RolloutCommands(
    RolloutStore store,
    IOptions<ExportersOptions> exporters,
    IOptions<RolloutOptions> options,
    RolloutSignal signal,
    IRolloutEvents events,
    RolloutMetrics metrics,
    TimeProvider time,
    ILogger<RolloutCommands> logger)
{
    /// <summary>How often a command retries when the loop wrote the rollout between its read and its write.</summary>
    private const int Attempts = 10;

    /// <summary>Creates a rollout from a valid request; returns the active rollout of the same component instead when there is one.</summary>
    public async Task<(AgentRollout Rollout, bool Created)> CreateAsync(RolloutRequest request, CancellationToken cancellationToken)
    {
        var settings = exporters.Value;
        var component = RolloutComponents.Resolve(request.Component, settings)
            ?? throw new ArgumentException("the request was not validated", nameof(request));
        var now = time.GetUtcNow();
        var stored = await store.ListAsync(cancellationToken);
        // The fleet's image: the configured one, moved by every completed rollout of the component.
        var fromImage = stored.Where(r => r.Component == component && r.State == RolloutState.Completed).Select(r => r.Image).LastOrDefault()
            ?? RolloutComponents.Get(settings.Images, component);
        var rollout = new AgentRollout
        {
            Id = Guid.NewGuid().ToString("N")[..12],
            Component = component,
            Image = request.Image!.Trim(),
            FromImage = fromImage,
            MaxConcurrency = request.MaxConcurrency ?? options.Value.DefaultMaxConcurrency,
            HealthTimeout = request.HealthTimeout ?? options.Value.DefaultHealthTimeout,
            WaitForHealth = request.WaitForHealth ?? true,
            Waves = request.Waves!.Select((w, i) => new RolloutWave
            {
                Index = i,
                Selector = w.Selector?.Trim(),
                Percent = w.Percent,
                MaxFailures = w.MaxFailures ?? request.MaxFailures ?? 0,
            }).ToList(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (await store.TryCreateAsync(rollout, cancellationToken) is { } active)
        {
            return (active, false);
        }

        logger.LogInformation(
            "Rollout {Rollout} of {Component} created: {From} → {Image} in {Waves} waves{Health}",
            rollout.Id, rollout.Component, rollout.FromImage, rollout.Image, rollout.Waves.Count, rollout.WaitForHealth ? "" : " (not waiting for health: clusters are done once rendered)");
        signal.Wake();
        return (rollout, true);
    }

    public Task<RolloutChange> PauseAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, r => r.State == RolloutState.Running, r => r.State = RolloutState.Paused, "only a Running rollout can be paused", cancellationToken);

    public Task<RolloutChange> ResumeAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, r => r.State == RolloutState.Paused, r => r.State = RolloutState.Running, "only a Paused rollout can be resumed", cancellationToken);

    /// <summary>Stops the rollout for good: every cluster it moved goes back to the image it had before.</summary>
    public async Task<RolloutChange> AbortAsync(string id, CancellationToken cancellationToken)
    {
        var change = await ChangeAsync(
            id,
            r => r.Active,
            r =>
            {
                var now = time.GetUtcNow();
                var rolledBack = 0;
                foreach (var wave in r.Waves)
                {
                    rolledBack += RolloutEngine.RollBack(wave, now);
                    if (wave.State == WaveState.Running)
                    {
                        wave.State = WaveState.Aborted;
                        wave.FinishedAt = now;
                    }
                }

                r.State = RolloutState.Aborted;
                r.FinishedAt = now;
                r.Reason = $"aborted by an operator: {rolledBack} moved clusters go back to the previous image";
            },
            "only a Running or Paused rollout can be aborted",
            cancellationToken);
        if (change.Outcome == RolloutChangeOutcome.Changed)
        {
            var rollout = change.Rollout!;
            metrics.Rollouts.WithLabels(rollout.Component, rollout.State.ToString()).Inc();
            metrics.Waves.WithLabels(rollout.Component, "aborted").Inc();
            await events.PublishAsync(
                new AgentRolloutHalted(NewId.NextGuid().ToString(), RolloutEngine.EventSource, time.GetUtcNow(), rollout.Id, rollout.Component, rollout.Image, rollout.CurrentWave, rollout.Reason!, []),
                cancellationToken);
        }

        return change;
    }

    private async Task<RolloutChange> ChangeAsync(
        string id, Func<AgentRollout, bool> allowed, Action<AgentRollout> apply, string refusal, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var rollout = await store.FindAsync(id, cancellationToken);
            if (rollout is null)
            {
                return new RolloutChange(RolloutChangeOutcome.NotFound, null, $"no rollout '{id}'");
            }

            if (!allowed(rollout))
            {
                return new RolloutChange(RolloutChangeOutcome.Refused, rollout, $"rollout {id} is {rollout.State}: {refusal}");
            }

            apply(rollout);
            rollout.UpdatedAt = time.GetUtcNow();
            if (await store.TrySaveAsync(rollout, cancellationToken))
            {
                logger.LogInformation("Rollout {Rollout} of {Component}: {State} by an operator ({Percent}%)", rollout.Id, rollout.Component, rollout.State, rollout.Percent);
                signal.Wake();
                return new RolloutChange(RolloutChangeOutcome.Changed, rollout, null);
            }
        }

        return new RolloutChange(RolloutChangeOutcome.Refused, null, $"rollout {id} kept changing; try again");
    }
}
