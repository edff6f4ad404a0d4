namespace Mla.Contracts.Projects;

/// <summary>Role of a member in a KKP project; Grafana maps owner and editor to Editor, viewer to Viewer.</summary>
public enum ProjectRole
{
    Owner,
    Editor,
    Viewer,
}
