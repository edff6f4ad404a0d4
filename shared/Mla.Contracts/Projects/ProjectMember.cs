namespace Mla.Contracts.Projects;

public sealed record ProjectMember(string Email, ProjectRole Role);
