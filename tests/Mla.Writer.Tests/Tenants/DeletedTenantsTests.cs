using Mla.Contracts.Tenants;
using Mla.Tenants.Client;
using Mla.Writer.Tenants;
using static Mla.Writer.Tests.Tenants.TenantStates;

namespace Mla.Writer.Tests.Tenants;

public sealed class DeletedTenantsTests
{
    [Fact]
    public void An_unknown_or_ready_tenant_keeps_every_record()
    {
        var table = new DeletedTenants();
        table.Apply(Tenant("ready", TenantStatus.Ready, At(0)), At(1));

        Assert.False(table.Drops("unknown", At(0)));
        Assert.False(table.Drops("ready", At(-60)));
        Assert.False(table.Drops("ready", At(60)));
    }

    [Theory]
    [InlineData(TenantStatus.Deprovisioning)]
    [InlineData(TenantStatus.Deleted)]
    public void Every_record_of_a_deprovisioning_or_deleted_tenant_is_dropped_whatever_its_time(TenantStatus status)
    {
        var table = new DeletedTenants();
        table.Apply(Tenant("a", status, At(0)), At(0));

        Assert.True(table.Drops("a", At(-60)));
        Assert.True(table.Drops("a", At(60)));
        Assert.True(table.Drops("a", DateTimeOffset.MinValue));
        Assert.False(table.Drops("b", At(0)));
    }

    [Fact]
    public void A_writer_that_only_ever_saw_the_tenant_Ready_again_drops_the_records_from_before_it_was_Ready_again()
    {
        var table = new DeletedTenants();

        table.Apply(Tenant("a", TenantStatus.Ready, At(10)) with { LastDeprovisionedAt = At(0) }, At(20));

        Assert.False(table.Find("a")!.IsDeleted);
        Assert.True(table.Drops("a", At(0)));
        Assert.True(table.Drops("a", At(9)), "accepted in the moment before gateways refused the deleted tenant");
        Assert.False(table.Drops("a", At(10)));
        Assert.False(table.Drops("a", At(30)));
    }

    [Fact]
    public void Provisioned_again_a_tenant_still_loses_the_records_produced_before_its_deletion()
    {
        var table = new DeletedTenants();
        table.Apply(Tenant("a", TenantStatus.Deprovisioning, At(0)), At(0));
        table.Apply(Tenant("a", TenantStatus.Deleted, At(5)), At(5));
        table.Apply(Tenant("a", TenantStatus.Ready, At(10)), At(10));

        var deletion = table.Find("a")!;
        Assert.False(deletion.IsDeleted);
        Assert.Equal(At(5), deletion.DeletedUntil);
        Assert.True(table.Drops("a", At(-1)), "produced before the deletion, consumed after the new provisioning");
        Assert.True(table.Drops("a", At(4)), "produced while deprovisioning");
        Assert.False(table.Drops("a", At(5)));
        Assert.False(table.Drops("a", At(11)), "produced by the new life of the tenant");
    }

    [Fact]
    public void The_cut_off_is_the_later_of_the_status_change_and_the_observation_of_the_deleted_state()
    {
        var table = new DeletedTenants();
        table.Apply(Tenant("a", TenantStatus.Deleted, At(0)), At(30));
        table.Apply(Tenant("a", TenantStatus.Ready, At(40)), At(40));

        Assert.True(table.Drops("a", At(29)), "still deleted when observed at +30");
        Assert.False(table.Drops("a", At(31)));
    }

    [Fact]
    public void An_event_older_than_the_entry_does_not_clear_the_deleted_flag()
    {
        var table = new DeletedTenants();
        table.Apply(Tenant("a", TenantStatus.Deprovisioning, At(10)), At(10));

        // A TenantLimitsChanged of the Ready tenant, published before the deprovisioning but delivered after it.
        table.Apply(Tenant("a", TenantStatus.Ready, At(-100)), At(5));

        Assert.True(table.Find("a")!.IsDeleted);
        Assert.True(table.Drops("a", At(20)));
    }

    [Fact]
    public void An_older_deleted_state_does_not_delete_a_provisioned_tenant_but_still_moves_the_cut_off()
    {
        var table = new DeletedTenants();
        table.Apply(Tenant("a", TenantStatus.Ready, At(20)), At(20));

        // The TenantDeprovisioned of an earlier life, delivered late.
        table.Apply(Tenant("a", TenantStatus.Deleted, At(10)), At(10));

        var deletion = table.Find("a")!;
        Assert.False(deletion.IsDeleted);
        Assert.Equal(At(20), deletion.ObservedAt);
        Assert.Equal(At(10), deletion.DeletedUntil);
        Assert.True(table.Drops("a", At(9)));
        Assert.False(table.Drops("a", At(21)));
    }

    [Fact]
    public void The_cut_off_never_moves_back()
    {
        var table = new DeletedTenants();
        table.Apply(Tenant("a", TenantStatus.Deleted, At(50)), At(50));
        table.Apply(Tenant("a", TenantStatus.Ready, At(60)), At(60));
        table.Apply(Tenant("a", TenantStatus.Deleted, At(10)), At(10));

        Assert.Equal(At(50), table.Find("a")!.DeletedUntil);
    }

    [Fact]
    public void A_listing_applies_as_of_its_time_and_keeps_the_tenants_it_does_not_name()
    {
        var table = new DeletedTenants();
        Assert.False(table.IsLoaded);
        table.Apply(Tenant("gone", TenantStatus.Deleted, At(0)), At(0));
        table.Apply(Tenant("late", TenantStatus.Ready, At(30)), At(30));

        var changed = table.Apply(new TenantListing(
            [
                Tenant("a", TenantStatus.Deprovisioning, At(1)),
                Tenant("late", TenantStatus.Deleted, At(10)),
                Tenant("b", TenantStatus.Ready, At(1)),
            ],
            At(20)));

        Assert.True(table.IsLoaded);
        Assert.Equal(["a"], changed.Select(c => c.Tenant.Id));
        Assert.True(table.Find("gone")!.IsDeleted, "not in the list: kept");
        Assert.False(table.Find("late")!.IsDeleted, "the event at +30 is newer than the list as of +20");
        Assert.True(table.Drops("late", At(15)));
        Assert.True(table.Drops("a", At(100)));
        Assert.False(table.Drops("b", At(0)));
        Assert.Equal(2, table.DeletedCount);
    }

    [Fact]
    public async Task Waiting_for_the_first_listing_completes_once_one_was_applied()
    {
        var table = new DeletedTenants();
        var waiting = table.WaitUntilLoadedAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        table.Apply(new TenantListing([], At(0)));

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
