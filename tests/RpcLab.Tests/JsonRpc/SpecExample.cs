namespace RpcLab.Tests.JsonRpc;

/// <summary>One exchange of section 7 of the JSON-RPC 2.0 specification: what is sent, and the reply it shows (null: no reply).</summary>
public sealed record SpecExample(string Name, string Request, string? Reply)
{
    public override string ToString() => Name;
}
