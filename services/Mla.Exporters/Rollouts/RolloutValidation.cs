using Mla.Exporters.Desired;

namespace Mla.Exporters.Rollouts;

/// <summary>Checks a rollout request; the errors name the field (<c>waves[1].selector</c>) as problem JSON does.</summary>
public static class RolloutValidation
{
    public const int MaxWaves = 20;

    /// <summary>Why a rollout that waits for health is refused when nothing reports the agents' health.</summary>
    public const string NoHealthSource =
        "no health source in render mode: agents' health cannot be observed; set waitForHealth=false to advance waves after rendering";

    /// <param name="request">The request body.</param>
    /// <param name="settings">The exporters' settings (components and images).</param>
    /// <param name="healthObservable">Whether the agents' health can be observed (live mode, or a render-mode health source).</param>
    public static Dictionary<string, string[]> Validate(RolloutRequest request, ExportersOptions settings, bool healthObservable)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Component))
        {
            errors["component"] = ["is required: " + Names()];
        }
        else if (RolloutComponents.Resolve(request.Component, settings) is null)
        {
            errors["component"] = [$"'{request.Component}' is not a component: " + Names()];
        }

        if (string.IsNullOrWhiteSpace(request.Image))
        {
            errors["image"] = ["is required: the new image, pinned by tag or digest"];
        }
        else if (!AgentImages.IsPinned(request.Image) || request.Image.Any(char.IsWhiteSpace))
        {
            errors["image"] = [$"'{request.Image}' is not pinned: give a tag other than latest, or a digest (@sha256:…)"];
        }

        if (request.Waves is not { Count: > 0 } waves)
        {
            errors["waves"] = ["at least one wave is required (canaries first): each a label selector or a percentage"];
        }
        else if (waves.Count > MaxWaves)
        {
            errors["waves"] = [$"at most {MaxWaves} waves"];
        }
        else
        {
            for (var i = 0; i < waves.Count; i++)
            {
                ValidateWave(waves[i], $"waves[{i}]", errors);
            }
        }

        if (request.MaxFailures is < 0)
        {
            errors["maxFailures"] = ["must be 0 or more"];
        }

        if (request.HealthTimeout is { } timeout && (timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromDays(1)))
        {
            errors["healthTimeout"] = ["must be between 00:00:01 and 1.00:00:00"];
        }

        if (request.MaxConcurrency is < 1 or > 256)
        {
            errors["maxConcurrency"] = ["must be between 1 and 256"];
        }

        if (!healthObservable && request.WaitForHealth != false)
        {
            errors["waitForHealth"] = [NoHealthSource];
        }

        return errors;
    }

    private static void ValidateWave(RolloutWaveRequest? wave, string field, Dictionary<string, string[]> errors)
    {
        if (wave is null)
        {
            errors[field] = ["is empty"];
            return;
        }

        if ((wave.Selector is null) == (wave.Percent is null))
        {
            errors[field] = ["needs exactly one of selector (labels of the clusters) or percent (of the clusters no earlier wave took)"];
        }
        else if (wave.Selector is not null)
        {
            try
            {
                LabelSelector.Parse(wave.Selector);
            }
            catch (FormatException ex)
            {
                errors[field + ".selector"] = [ex.Message];
            }
        }
        else if (wave.Percent is < 1 or > 100)
        {
            errors[field + ".percent"] = ["must be between 1 and 100"];
        }

        if (wave.MaxFailures is < 0)
        {
            errors[field + ".maxFailures"] = ["must be 0 or more"];
        }
    }

    private static string Names() => $"one of {string.Join(", ", RolloutComponents.RoleNames)} or an image key ({string.Join(", ", RolloutComponents.Keys)})";
}
