using System.ComponentModel.DataAnnotations;

namespace Mla.Hosting.Loops;

/// <summary><c>Mla:Loops</c>: how a background loop that fails is restarted, and when the process is declared unhealthy.</summary>
public sealed class LoopOptions : IValidatableObject
{
    public const string SectionName = "Mla:Loops";

    /// <summary>Wait before the first restart; doubled after each further failure up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After this many failures in a row, <c>/healthz</c> answers 503 so that Kubernetes restarts the pod.</summary>
    [Range(1, 1000)]
    public int FailuresBeforeUnhealthy { get; set; } = 5;

    /// <summary>A run that lasted this long without failing resets the count of failures in a row.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan HealthyAfter { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBackoff < InitialBackoff)
        {
            yield return new ValidationResult("must not be shorter than InitialBackoff", [nameof(MaxBackoff)]);
        }
    }
}
