namespace RpcLab.Tests.Invocation;

/// <summary>A contract with every kind of parameter the model tells apart, which the lab's own contracts do not all have (none takes null).</summary>
public interface IParameterSample
{
    Task<string> SendAsync(string text, string? note, int count, int? limit, IAsyncEnumerable<int> items, int retries = 3, string? tag = null, CancellationToken cancellationToken = default);
}
