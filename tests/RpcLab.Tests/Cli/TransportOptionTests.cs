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
                        data.Add(option.Name, option.IsPort ? "0" : option.Values[0], owner.Name, other.Name);
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
                    foreach (var value in option.IsPort ? ["0", "8081"] : option.Values)
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
        // Act
        var result = await Cli.RunAsync(["serve", "--transport", other, option, value, "--list"]);

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{option} applies to --transport {owner} only, not to {other}", result.Error);
        Assert.DoesNotContain("echo.reverse", result.Output); // refused before the method table is written
    }

    [Theory]
    [MemberData(nameof(DeclaredOptions))]
    public void Configuring_an_option_gives_a_transport_that_reports_it_back(string transport, string option, string value)
    {
        // Arrange
        var registered = TransportRegistry.Get(transport);

        // Act
        var configured = registered.Configure(new Dictionary<string, string> { [option] = value });
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
    public async Task A_value_an_option_does_not_take_is_a_plain_error_not_a_crash()
    {
        // Arrange
        var (transport, option) = TransportRegistry.All.SelectMany(t => t.CommandLineOptions.Where(o => !o.IsPort).Select(o => (t.Name, o.Name))).First();

        // Act
        var result = await Cli.RunAsync(["serve", "--transport", transport, option, "bogus", "--list"]);

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'bogus'", result.Error);
    }
}
