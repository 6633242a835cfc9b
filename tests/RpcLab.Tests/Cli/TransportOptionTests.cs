using RpcLab.Composition;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Cli;

/// <summary>
/// A transport's own command-line options (<see cref="IRpcTransport.CommandLineOptions"/>): declared by the transport, turned
/// into options of <c>serve</c> and <c>call</c> by the command line, and refused with any other transport.
/// </summary>
public sealed class TransportOptionTests
{
    /// <summary>Every declared option, a value it accepts, its transport, and each registered transport that does not declare it.</summary>
    public static TheoryData<string, string, string, string> OptionsGivenToAnotherTransport
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var owner in TransportRegistry.All)
            {
                foreach (var option in owner.CommandLineOptions)
                {
                    foreach (var other in TransportRegistry.All.Where(t => !t.CommandLineOptions.Any(o => o.Name == option.Name)))
                    {
                        data.Add(option.Name, Examples(option)[0], owner.Name, other.Name);
                    }
                }
            }

            return data;
        }
    }

    /// <summary>Every declared option with each value it accepts, and its transport.</summary>
    public static TheoryData<string, string, string> DeclaredOptions
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var owner in TransportRegistry.All)
            {
                foreach (var option in owner.CommandLineOptions)
                {
                    foreach (var value in Examples(option))
                    {
                        data.Add(owner.Name, option.Name, value);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(OptionsGivenToAnotherTransport))]
    public async Task An_option_of_one_transport_given_to_another_is_refused_naming_both(string option, string value, string owner, string other)
    {
        // Arrange: a client-only option is given to call, any other to serve.
        var declared = TransportRegistry.Get(owner).CommandLineOptions.Single(o => o.Name == option);
        string[] verb = declared.ClientOnly ? ["call", "echo.reverse", "abc"] : ["serve", "--list"];

        // Act
        var result = await Cli.RunAsync([.. verb, "--transport", other, option, .. declared.IsFlag ? Array.Empty<string>() : [value]]);

        // Assert
        Assert.Equal(1, result.ExitCode);
        var owners = string.Join(" or ", TransportRegistry.All.Where(t => t.CommandLineOptions.Any(o => o.Name == option)).Select(t => t.Name));
        Assert.Contains($"{option} applies to --transport {owners} only, not to {other}", result.Error);
        Assert.DoesNotContain(declared.ClientOnly ? "\"cba\"" : "echo.reverse", result.Output); // refused before the call is made or the method table written
    }

    [Theory]
    [MemberData(nameof(DeclaredOptions))]
    public void Configuring_an_option_gives_a_transport_that_reports_it_back(string transport, string option, string value)
    {
        // Arrange
        var registered = TransportRegistry.Get(transport);

        // Act
        var declared = registered.CommandLineOptions.Single(o => o.Name == option);
        var values = declared.Needs.ToDictionary(needed => needed, needed => Examples(registered.CommandLineOptions.Single(o => o.Name == needed))[0]);
        values[option] = value;
        var configured = registered.Configure(values);
        var again = registered.Configure(configured.CommandLineValues);

        // Assert
        Assert.Equal(transport, configured.Name);
        Assert.Empty(registered.CommandLineValues);
        Assert.Equal(configured.CommandLineValues, again.CommandLineValues);
    }

    [Theory]
    [MemberData(nameof(OptionsGivenToAnotherTransport))]
    public void A_transport_refuses_to_be_configured_with_an_option_it_does_not_declare(string option, string value, string owner, string other)
    {
        // Act
        var error = Assert.Throws<ArgumentException>(() => TransportRegistry.Get(other).Configure(new Dictionary<string, string> { [option] = value }));

        // Assert
        Assert.Contains(option, error.Message);
        Assert.Contains(other, error.Message);
        Assert.NotEqual(owner, other);
    }

    [Fact]
    public async Task A_server_only_option_is_offered_by_serve_and_not_by_call()
    {
        // Arrange
        var serverOnly = TransportRegistry.All.SelectMany(t => t.CommandLineOptions).Where(o => o.ServerOnly).Select(o => o.Name).ToList();

        // Act
        var serve = await Cli.RunAsync(["serve", "--help"]);
        var call = await Cli.RunAsync(["call", "--help"]);

        // Assert
        Assert.NotEmpty(serverOnly);
        Assert.All(serverOnly, option => Assert.Contains(option, serve.Output));
        Assert.All(serverOnly, option => Assert.DoesNotContain(option, call.Output));
    }

    [Fact]
    public async Task A_client_only_option_is_offered_by_call_and_not_by_serve()
    {
        // Arrange
        var clientOnly = TransportRegistry.All.SelectMany(t => t.CommandLineOptions).Where(o => o.ClientOnly).Select(o => o.Name).ToList();

        // Act
        var serve = await Cli.RunAsync(["serve", "--help"]);
        var call = await Cli.RunAsync(["call", "--help"]);

        // Assert
        Assert.NotEmpty(clientOnly);
        Assert.All(clientOnly, option => Assert.Contains(option, call.Output));
        Assert.All(clientOnly, option => Assert.DoesNotContain(option, serve.Output));
    }

    [Fact]
    public async Task A_value_an_option_does_not_take_is_a_plain_error_not_a_crash()
    {
        // Arrange
        var (transport, option) = TransportRegistry.All.SelectMany(t => t.CommandLineOptions.Where(o => o.Values.Count > 0).Select(o => (t.Name, o.Name))).First();

        // Act
        var result = await Cli.RunAsync(["serve", "--transport", transport, option, "bogus", "--list"]);

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'bogus'", result.Error);
    }

    /// <summary>Values <paramref name="option"/> accepts: its words, two ports, "true" for a flag, a file name.</summary>
    private static string[] Examples(TransportOption option) =>
        option.IsPort ? ["0", "8081"] : option.IsFlag ? ["true"] : option.IsFile ? ["server.pem"] : [.. option.Values];
}
