using System.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RpcLab.Services.Contracts;
using OurCallOptions = RpcLab.Transports.Hosting.CallOptions;
using ProtoServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace RpcLab.Transports.Grpc;

/// <summary>
/// One gRPC service of <see cref="GrpcServices"/>: how the server builds, registers and maps its adapter, and, for
/// one of our contracts, how a client wraps the generated client as that contract. grpc-dotnet maps a service by
/// the adapter's type (<c>MapGrpcService&lt;T&gt;</c>), so the binding is made where that type is known
/// (<see cref="Serve{TAdapter}"/>) and kept as delegates. Immutable, thread-safe.
/// </summary>
internal sealed record GrpcServiceBinding
{
    private GrpcServiceBinding(string fullName, Action<IServiceCollection, ServiceSet> register, Action<IEndpointRouteBuilder> map)
    {
        FullName = fullName;
        Register = register;
        Map = map;
    }

    /// <summary>The service's full name on the wire (<c>rpclab.echo.Echo</c>), as reflection and health report it.</summary>
    public string FullName { get; }

    /// <summary>Adds the one adapter instance, built over the set's services, to the server's DI (grpc-dotnet takes it from there).</summary>
    public Action<IServiceCollection, ServiceSet> Register { get; }

    /// <summary>Maps the adapter's methods onto the server's endpoints.</summary>
    public Action<IEndpointRouteBuilder> Map { get; }

    /// <summary>The contract the client side serves, or null for a service the server only serves (the original course projects').</summary>
    public Type? Contract { get; private init; }

    /// <summary>
    /// The contract over the generated client on an invoker, its calls made with the options given; null when
    /// <see cref="Contract"/> is. The flag is true when the invoker carries protobuf over HTTP/2 (gRPC), false for
    /// REST, whose invoker takes only the generated messages.
    /// </summary>
    public Func<CallInvoker, OurCallOptions, bool, object>? Client { get; private init; }

    /// <summary>A service served by <typeparamref name="TAdapter"/>, a class derived from a generated base, built over the set.</summary>
    public static GrpcServiceBinding Serve<TAdapter>(Func<ServiceSet, TAdapter> adapter)
        where TAdapter : class =>
        new(ServiceName(typeof(TAdapter)), (di, services) => di.AddSingleton(adapter(services)), app => app.MapGrpcService<TAdapter>());

    /// <summary>This service with the client adapter that serves <typeparamref name="TContract"/> over its generated client.</summary>
    public GrpcServiceBinding WithClient<TContract>(Func<CallInvoker, OurCallOptions, bool, TContract> client)
        where TContract : class =>
        this with { Contract = typeof(TContract), Client = (invoker, options, protobufWire) => client(invoker, options, protobufWire) };

    /// <summary>
    /// The full name from the generated base's <see cref="BindServiceMethodAttribute"/>, the attribute grpc-dotnet itself
    /// binds the adapter by, so the name reported is the one mapped and is not written a second time.
    /// </summary>
    private static string ServiceName(Type adapter)
    {
        for (var type = adapter; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } bind
                && bind.BindType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is ProtoServiceDescriptor descriptor)
            {
                return descriptor.FullName;
            }
        }

        throw new InvalidOperationException($"{adapter.Name} does not derive from a generated gRPC service base.");
    }
}
