using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Groups;

/// <summary>A rule group that passed the structural checks: its name and its fields as YAML nodes.</summary>
internal sealed record RuleGroupDefinition(string Name, YamlMappingNode Group);
