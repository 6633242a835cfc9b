using System.Net;
using System.Net.Sockets;
using RpcLab.Composition;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Hosting;

/// <summary>The listen-address policy: what each <c>--host</c> binds, and what the listening line prints for it.</summary>
public sealed class ListenAddressTests
{
    private static readonly string AnyHost = Socket.OSSupportsIPv6 ? "::" : "0.0.0.0";

    [Theory]
    [InlineData("localhost")]
    [InlineData("LocalHost")]
    [InlineData(" localhost ")]
    public void Localhost_is_both_loopbacks_without_asking_dns_and_prints_localhost(string host)
    {
        var address = ListenAddress.Resolve(host);

        Assert.Equal("localhost", address.Host);
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], address.Addresses);
        Assert.True(address.IsLoopback);
        Assert.False(address.IsAnyInterface);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::1", "::1")]
    [InlineData("[::1]", "::1")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    public void An_ip_literal_is_that_address_alone_printed_in_canonical_form(string host, string printed)
    {
        var address = ListenAddress.Resolve(host);

        Assert.Equal(printed, address.Host);
        Assert.Equal([IPAddress.Parse(printed)], address.Addresses);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("+")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("[::]")]
    public void Every_wildcard_is_one_dual_stack_socket_where_the_machine_has_ipv6(string host)
    {
        var address = ListenAddress.Resolve(host);

        Assert.True(address.IsAnyInterface);
        Assert.False(address.IsLoopback);
        Assert.Equal(AnyHost, address.Host);
        Assert.Equal([Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any], address.Addresses);
    }

    [Theory]
    [InlineData("127.0.0.1", "rpclab grpc server listening on 127.0.0.1:50051 (data: /d)")]
    [InlineData("localhost", "rpclab grpc server listening on localhost:50051 (data: /d)")]
    [InlineData("::1", "rpclab grpc server listening on [::1]:50051 (data: /d)")]
    public void The_listening_line_prints_the_policys_host_and_scripts_read_it_back(string host, string line)
    {
        var printed = ListeningLine.Format("grpc", ListenAddress.Resolve(host).Host, 50051, "/d");

        Assert.Equal(line, printed);
        Assert.True(ListeningLine.TryParse(printed, out var endpoint));
        Assert.Equal((ListenAddress.Resolve(host).Host, 50051), (endpoint.Host, endpoint.Port));
    }

    [Fact]
    public void The_listening_line_of_every_interface_reads_back()
    {
        var printed = ListeningLine.Format("grpc", ListenAddress.Resolve("*").Host, 50051, "/d");

        Assert.True(ListeningLine.TryParse(printed, out var endpoint), printed);
        Assert.Equal((AnyHost, 50051), (endpoint.Host, endpoint.Port));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no-such-host.invalid")]
    public void A_host_that_is_no_address_is_a_clear_error_naming_what_host_takes(string host)
    {
        var error = Assert.Throws<ArgumentException>(() => ListenAddress.Resolve(host));

        Assert.Contains("localhost", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("*", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_name_binds_every_address_it_resolves_to_ipv4_first_and_prints_the_name()
    {
        var name = Dns.GetHostName();
        var resolved = Dns.GetHostAddresses(name);

        var address = ListenAddress.Resolve(name);

        Assert.Equal(name, address.Host);
        Assert.Equal(resolved.Distinct().Order(Comparer<IPAddress>.Create((a, b) => Family(a) - Family(b))), address.Addresses);
    }

    [Fact]
    public void Localhost_on_port_0_binds_one_port_on_every_loopback_the_machine_has()
    {
        var sockets = ListenAddress.Resolve("localhost").Bind(0);
        try
        {
            var endpoints = sockets.Select(s => (IPEndPoint)s.LocalEndPoint!).ToList();

            Assert.Equal(Ipv6Loopback.Available ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : [IPAddress.Loopback], endpoints.Select(e => e.Address));
            Assert.Single(endpoints.Select(e => e.Port).Distinct());
        }
        finally
        {
            Dispose(sockets);
        }
    }

    [Ipv6LoopbackFact]
    public void Localhost_on_a_port_someone_holds_on_ipv6_is_an_error_not_an_ipv4_only_server()
    {
        using var holder = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;

        var error = Assert.Throws<SocketException>(() => ListenAddress.Resolve("localhost").Bind(port));

        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public async Task Every_interface_takes_ipv4_and_ipv6_connections_on_one_socket()
    {
        var sockets = ListenAddress.Resolve("*").Listen(0);
        try
        {
            var listener = Assert.Single(sockets);
            var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            foreach (var dial in Ipv6Loopback.Dialable)
            {
                using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await client.ConnectAsync(IPAddress.Parse(dial), port);
                using var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));

                Assert.True(accepted.Connected, dial);
            }
        }
        finally
        {
            Dispose(sockets);
        }
    }

    private static int Family(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 0 : 1;

    private static void Dispose(IEnumerable<Socket> sockets)
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }
}
