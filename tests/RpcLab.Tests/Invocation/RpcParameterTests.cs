using RpcLab.Transports.Invocation;

namespace RpcLab.Tests.Invocation;

public sealed class RpcParameterTests
{
    private static readonly IReadOnlyList<RpcParameter> Sample = RpcParameter.Of(typeof(IParameterSample).GetMethod(nameof(IParameterSample.SendAsync))!);

    [Fact]
    public void Of_LeavesOutTheTokenAndKeepsDeclarationOrder()
    {
        // Assert
        Assert.Equal(["text", "note", "count", "limit", "items", "retries", "tag"], Sample.Select(p => p.Name));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], Sample.Select(p => p.Position));
    }

    [Theory]
    [InlineData("text", false)]
    [InlineData("note", true)]
    [InlineData("count", false)]
    [InlineData("limit", true)]
    [InlineData("items", false)]
    [InlineData("tag", true)]
    public void AllowsNull_FollowsTheNullableAnnotations(string name, bool allowsNull)
    {
        // Assert
        Assert.Equal(allowsNull, Sample.Single(p => p.Name == name).AllowsNull);
    }

    [Fact]
    public void IsOptional_OnlyWithADefault()
    {
        // Act
        var optional = Sample.Where(p => p.IsOptional).ToDictionary(p => p.Name, p => p.DefaultValue);

        // Assert
        Assert.Equal(new Dictionary<string, object?> { ["retries"] = 3, ["tag"] = null }, optional);
        Assert.All(Sample.Where(p => !p.IsOptional), p => Assert.Null(p.DefaultValue));
    }

    [Fact]
    public void RequestStream_IsMarkedWithItsItemType()
    {
        // Act
        var stream = Sample.Single(p => p.IsStream);

        // Assert
        Assert.Equal("items", stream.Name);
        Assert.Equal(typeof(IAsyncEnumerable<int>), stream.Type);
        Assert.Equal(typeof(int), stream.ItemType);
        Assert.All(Sample.Where(p => !p.IsStream), p => Assert.Null(p.ItemType));
    }

    [Fact]
    public void RpcMethod_ParametersAreTheOrdinaryOnes_DeclaredParametersKeepTheStreamInItsPlace()
    {
        // Arrange
        var upload = ServiceCatalog.Find("files.upload")!;

        // Assert
        Assert.Equal(["name"], upload.Parameters.Select(p => p.Name));
        Assert.Equal(["name", "chunks"], upload.DeclaredParameters.Select(p => p.Name));
        Assert.Equal(typeof(byte[]), upload.DeclaredParameters[1].ItemType);
        Assert.Equal(upload.RequestItemType, upload.DeclaredParameters[1].ItemType);
    }

    [Fact]
    public void RpcMethod_CompleteArguments_FillsInTheDefaults()
    {
        // Arrange
        var repeat = ServiceCatalog.Find("echo.repeat")!;

        // Act
        var args = repeat.CompleteArguments(["hi", 2]);

        // Assert
        Assert.Equal(["message", "count", "intervalMs"], repeat.Parameters.Select(p => p.Name));
        Assert.Equal(new object?[] { "hi", 2, 0 }, args);
        Assert.True(repeat.Parameters[2].IsOptional);
    }
}
