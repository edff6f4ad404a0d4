using Mla.Kubernetes.TestServer.Patching;

namespace Mla.Kubernetes.TestServer.Tests.Patching;

public sealed class ApplyResultTests
{
    [Fact]
    public void One_conflict_with_an_update_owner_names_its_api_version()
    {
        var result = new ApplyResult(null, [new ApplyConflict("kubectl-edit", "Update", "apps/v1", null, ".spec.replicas")]);

        Assert.True(result.IsConflict);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas", result.ConflictMessage);
    }

    [Fact]
    public void A_subresource_owner_is_named_with_it()
    {
        var result = new ApplyResult(null, [new ApplyConflict("ctrl", "Apply", null, "status", ".status.phase")]);

        Assert.Equal("Apply failed with 1 conflict: conflict with \"ctrl\" with subresource \"status\": .status.phase", result.ConflictMessage);
    }

    [Fact]
    public void Several_conflicts_list_paths_under_sorted_managers()
    {
        var result = new ApplyResult(null,
        [
            new ApplyConflict("b", "Apply", null, null, ".spec.x"),
            new ApplyConflict("a", "Update", "v1", null, ".data.k"),
            new ApplyConflict("b", "Apply", null, null, ".spec.y"),
        ]);

        Assert.Equal("Apply failed with 3 conflicts: conflicts with \"a\" using v1:\n- .data.k\nconflicts with \"b\":\n- .spec.x\n- .spec.y", result.ConflictMessage);
    }

    [Fact]
    public void No_conflict_no_message()
    {
        var result = new ApplyResult([], []);

        Assert.False(result.IsConflict);
        Assert.Equal("", result.ConflictMessage);
    }
}
