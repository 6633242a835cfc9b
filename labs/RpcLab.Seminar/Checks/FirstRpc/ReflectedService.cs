using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;

namespace RpcLab.Seminar.Checks.FirstRpc;

/// <summary>
/// The student's service as the server describes it through gRPC server reflection (grpc.reflection.v1alpha): the
/// checker compiles nothing of the student's, so it lists the services, asks for the file that declares the one
/// that is theirs (and the files it imports), and builds descriptors from them with
/// <see cref="FileDescriptor.BuildFromByteStrings(IEnumerable{ByteString})"/>. grpc-dotnet lists only services with
/// at least one method, so a service whose rpcs are all still TODOs is not listed: the checker then calls the sheet's
/// service name without a descriptor, and the student reads the server's UNIMPLEMENTED per method. Immutable.
/// </summary>
public sealed class ReflectedService
{
    private ReflectedService(string fullName, ServiceDescriptor? descriptor)
    {
        FullName = fullName;
        Descriptor = descriptor;
    }

    /// <summary>The service as the server describes it; null when reflection lists no service of the student's.</summary>
    public ServiceDescriptor? Descriptor { get; }

    /// <summary>The service's full name, as in a gRPC path: <c>lab1.FirstRpc</c>.</summary>
    public string FullName { get; }

    /// <summary>The declared methods; none without a descriptor.</summary>
    public IReadOnlyList<MethodDescriptor> Methods => Descriptor is null ? [] : [.. Descriptor.Methods];

    /// <summary>The declared method named <paramref name="name"/>, or null when the student's .proto has none.</summary>
    public MethodDescriptor? FindMethod(string name) => Methods.FirstOrDefault(m => m.Name == name);

    /// <summary>
    /// Finds the student's service: of the services reflection lists (gRPC's own, grpc.*, aside), the one declaring
    /// the most of <paramref name="expectedMethods"/>, or the only one; <paramref name="expectedService"/> without a
    /// descriptor when none is listed. Fails, saying what to do, when the server does not answer reflection.
    /// </summary>
    public static async Task<ReflectedService> LoadAsync(CallInvoker invoker, CheckContext context, string expectedService, IReadOnlyCollection<string> expectedMethods, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(expectedMethods);
        using var call = new ServerReflection.ServerReflectionClient(invoker).ServerReflectionInfo(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken);
        try
        {
            var listed = await AskAsync(call, new ServerReflectionRequest { ListServices = string.Empty }, context, cancellationToken).ConfigureAwait(false);
            var names = listed.ListServicesResponse.Service.Select(s => s.Name).Where(n => !n.StartsWith("grpc.", StringComparison.Ordinal)).ToList();
            if (names.Count == 0)
            {
                await call.RequestStream.CompleteAsync().ConfigureAwait(false);
                return new ReflectedService(expectedService, null);
            }

            var services = new List<ServiceDescriptor>();
            foreach (var name in names)
            {
                services.Add(await DescribeAsync(call, name, context, cancellationToken).ConfigureAwait(false));
            }

            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            var chosen = services.OrderByDescending(s => s.Methods.Count(m => expectedMethods.Contains(m.Name))).First();
            if (services.Count > 1 && !chosen.Methods.Any(m => expectedMethods.Contains(m.Name)))
            {
                throw new CheckFailedException($"the server serves {string.Join(", ", names)}, and none declares {string.Join(", ", expectedMethods)}: which is Lab 1's? Serve one service (lab1.FirstRpc)");
            }

            return new ReflectedService(chosen.FullName, chosen);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            throw new CheckFailedException("the server does not answer gRPC server reflection (grpc.reflection.v1alpha.ServerReflection): keep builder.Services.AddGrpcReflection() and app.MapGrpcReflectionService() in Server/Program.cs", e);
        }
        catch (RpcException e)
        {
            throw new CheckFailedException($"gRPC server reflection at {context.Host}:{context.Port} failed: {e.StatusCode}: {e.Status.Detail}", e);
        }
    }

    private static async Task<ServiceDescriptor> DescribeAsync(AsyncDuplexStreamingCall<ServerReflectionRequest, ServerReflectionResponse> call, string service, CheckContext context, CancellationToken cancellationToken)
    {
        // The file declaring the service, then every file it imports that the server did not send along.
        var files = new Dictionary<string, (ByteString Bytes, FileDescriptorProto Proto)>(StringComparer.Ordinal);
        var response = await AskAsync(call, new ServerReflectionRequest { FileContainingSymbol = service }, context, cancellationToken).ConfigureAwait(false);
        Add(files, response);
        while (files.Values.SelectMany(f => f.Proto.Dependency).FirstOrDefault(d => !files.ContainsKey(d)) is { } missing)
        {
            Add(files, await AskAsync(call, new ServerReflectionRequest { FileByFilename = missing }, context, cancellationToken).ConfigureAwait(false));
            if (!files.ContainsKey(missing))
            {
                throw new CheckFailedException($"gRPC server reflection did not return {missing}, which the file of {service} imports");
            }
        }

        var built = FileDescriptor.BuildFromByteStrings(DependenciesFirst(files));
        return built.SelectMany(f => f.Services).First(s => s.FullName == service);
    }

    private static void Add(Dictionary<string, (ByteString Bytes, FileDescriptorProto Proto)> files, ServerReflectionResponse response)
    {
        foreach (var bytes in response.FileDescriptorResponse.FileDescriptorProto)
        {
            var proto = FileDescriptorProto.Parser.ParseFrom(bytes);
            files.TryAdd(proto.Name, (bytes, proto));
        }
    }

    /// <summary>The files in an order where each comes after the files it imports, as BuildFromByteStrings needs.</summary>
    private static List<ByteString> DependenciesFirst(Dictionary<string, (ByteString Bytes, FileDescriptorProto Proto)> files)
    {
        var ordered = new List<ByteString>(files.Count);
        var done = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string name)
        {
            if (done.Add(name) && files.TryGetValue(name, out var file))
            {
                foreach (var dependency in file.Proto.Dependency)
                {
                    Visit(dependency);
                }

                ordered.Add(file.Bytes);
            }
        }

        foreach (var name in files.Keys.Order(StringComparer.Ordinal))
        {
            Visit(name);
        }

        return ordered;
    }

    private static async Task<ServerReflectionResponse> AskAsync(AsyncDuplexStreamingCall<ServerReflectionRequest, ServerReflectionResponse> call, ServerReflectionRequest request, CheckContext context, CancellationToken cancellationToken)
    {
        await call.RequestStream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            throw new CheckFailedException("gRPC server reflection ended its stream without answering");
        }

        var response = call.ResponseStream.Current;
        context.CountCall(request.CalculateSize() + response.CalculateSize());
        if (response.MessageResponseCase == ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse)
        {
            throw new CheckFailedException($"gRPC server reflection refused {request.MessageRequestCase} '{request}': {(StatusCode)response.ErrorResponse.ErrorCode}: {response.ErrorResponse.ErrorMessage}");
        }

        return response;
    }
}
