using RpcLab.Cli.Calls;

namespace RpcLab.Tests.Cli;

public sealed class MethodNamesTests
{
    [Fact]
    public void Known_name_resolves_whatever_its_case()
    {
        Assert.Equal("echo.reverse", MethodNames.Resolve("Echo.Reverse").FullName);
    }

    [Fact]
    public void Misspelt_name_suggests_the_close_one()
    {
        var error = Assert.Throws<UsageException>(() => MethodNames.Resolve("echo.revrse"));

        Assert.Contains("unknown method 'echo.revrse'", error.Message);
        Assert.Contains("did you mean echo.reverse", error.Message);
    }

    [Fact]
    public void Unknown_method_of_a_known_service_lists_that_service()
    {
        var suggestions = MethodNames.Suggest("users.fetchEverything");

        Assert.Contains("users.get", suggestions);
        Assert.All(suggestions, s => Assert.StartsWith("users.", s));
    }

    [Fact]
    public void Bare_method_name_suggests_its_service()
    {
        Assert.Contains("echo.reverse", MethodNames.Suggest("reverse"));
    }

    [Fact]
    public void Nothing_close_names_the_services()
    {
        var error = Assert.Throws<UsageException>(() => MethodNames.Resolve("zzz"));

        Assert.Contains("sum, users, files, compute, echo", error.Message);
    }
}
