using Google.Protobuf.Reflection;

namespace RpcLab.Seminar.Checks.FirstRpc;

/// <summary>
/// One method of Lab 1's task as the sheet fixes it: its name, call shape and the one field of its request and reply.
/// The checker finds the method under this name in the student's service and reads the fields by these names, so a
/// student may renumber nothing silently: a field that is not there fails naming it. Immutable.
/// </summary>
public sealed record ExpectedMethod(string Name, bool ClientStreaming, bool ServerStreaming, string RequestType, ProtoField Request, string ReplyType, ProtoField Reply)
{
    /// <summary>The call shape in words, as the sheet names it.</summary>
    public string Shape => Describe(ClientStreaming, ServerStreaming);

    /// <summary>The rpc line the sheet asks for: <c>rpc Countdown (CountdownRequest) returns (stream CountdownReply);</c>.</summary>
    public string RpcLine => $"rpc {Name} ({(ClientStreaming ? "stream " : string.Empty)}{RequestType}) returns ({(ServerStreaming ? "stream " : string.Empty)}{ReplyType});";

    /// <summary>The words for a call shape: unary, server streaming, client streaming, bidirectional.</summary>
    public static string Describe(bool clientStreaming, bool serverStreaming) => (clientStreaming, serverStreaming) switch
    {
        (false, false) => "unary",
        (false, true) => "server streaming",
        (true, false) => "client streaming",
        _ => "bidirectional",
    };

    /// <summary>
    /// The student's declaration of this method checked against the sheet: its shape, then its two fields. Null
    /// <paramref name="method"/> (not declared) keeps the sheet's fields, so the call is still made and the server's
    /// UNIMPLEMENTED is what the student reads.
    /// </summary>
    public (ProtoField Request, ProtoField Reply) Resolve(MethodDescriptor? method)
    {
        if (method is null)
        {
            return (Request, Reply);
        }

        if (method.IsClientStreaming != ClientStreaming || method.IsServerStreaming != ServerStreaming)
        {
            throw new CheckFailedException($"{Name} is declared {Describe(method.IsClientStreaming, method.IsServerStreaming)}; it must be {Shape}: {RpcLine}");
        }

        return (ProtoField.Resolve(method.InputType, Request, Name), ProtoField.Resolve(method.OutputType, Reply, Name));
    }
}
