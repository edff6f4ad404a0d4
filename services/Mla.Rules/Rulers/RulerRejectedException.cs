namespace Mla.Rules.Rulers;

/// <summary>The ruler refused a group with 400 (bad expression, limits): the group is Invalid with the ruler's reason.</summary>
internal sealed class RulerRejectedException(string reason) : Exception(reason);
