using Mla.Gateway.Limits;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.Tests.Tenants;

public sealed class TenantSnapshotTests
{
    private static readonly TenantLimits Limits = TenantLimits.Resolve(new LimitsOptions(), null);

    [Fact]
    public void The_digest_of_a_token_is_its_SHA256()
    {
        // FIPS 180-2 test vector: SHA-256("abc").
        Assert.True(TokenDigest.TryParseHex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", out var expected));

        Assert.Equal(expected, TokenDigest.Of("abc"));
        Assert.True(expected.FixedTimeEquals(TokenDigest.Of("abc")));
        Assert.False(expected.FixedTimeEquals(TokenDigest.Of("abd")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ba7816bf")]
    [InlineData("zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void Anything_but_64_hex_digits_is_not_a_digest(string? hex) => Assert.False(TokenDigest.TryParseHex(hex, out _));

    [Fact]
    public void Tenants_are_found_by_id_and_by_token()
    {
        var table = new TenantSnapshot([new Tenant("a", false, TokenDigest.Of("ta"), Limits), new Tenant("b", true, null, Limits)]);

        Assert.True(table.TryGet("a", out var a));
        Assert.True(table.TryGet("b".AsSpan(), out var b));
        Assert.True(b.Disabled);
        Assert.False(table.TryGet("A", out _));
        Assert.True(table.TryFindByToken(TokenDigest.Of("ta"), out var byToken));
        Assert.Same(a, byToken);
        Assert.False(table.TryFindByToken(TokenDigest.Of("tb"), out _));
    }

    [Fact]
    public void A_table_with_a_repeated_id_a_shared_token_or_a_bad_id_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TenantSnapshot([new Tenant("a", false, null, Limits), new Tenant("a", false, null, Limits)]));
        Assert.Throws<ArgumentException>(() => new TenantSnapshot([new Tenant("a", false, TokenDigest.Of("t"), Limits), new Tenant("b", false, TokenDigest.Of("t"), Limits)]));
        Assert.Throws<ArgumentException>(() => new TenantSnapshot([new Tenant("a/b", false, null, Limits)]));
    }

    [Fact]
    public void Replacing_the_directory_swaps_the_whole_table()
    {
        var directory = new TenantDirectory();
        var first = directory.Current;

        directory.Replace(new TenantSnapshot([new Tenant("a", false, null, Limits)]));

        Assert.Equal(0, first.Count);
        Assert.Equal(1, directory.Current.Count);
    }

    [Theory]
    [InlineData("cluster-1", true)]
    [InlineData("xyz123ab", true)]
    [InlineData("a.b_c-d!e*f'g(h)", true)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a|b", false)]
    [InlineData("ü", false)]
    public void Tenant_ids_follow_Mimirs_rules(string id, bool valid) => Assert.Equal(valid, TenantId.IsValid(id));

    [Fact]
    public void Tenant_ids_are_at_most_150_characters() =>
        Assert.Equal((true, false), (TenantId.IsValid(new string('a', 150)), TenantId.IsValid(new string('a', 151))));
}
