namespace Mla.Rules.Checks;

/// <summary>A checking tool's verdict and its whole output.</summary>
internal sealed record CheckResult(bool Valid, string Output);
