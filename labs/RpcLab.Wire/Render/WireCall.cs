using RpcLab.Services.Errors;
using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Render;

/// <summary>One call the wire view made and what it captured: the transcript, and the outcome as the client saw it.</summary>
/// <param name="Method">The method as the user named it (echo.reverse).</param>
/// <param name="Upstream">The server's address ("127.0.0.1:50051", or "in-process, port 41234").</param>
/// <param name="Relay">The relay's address the client connected to.</param>
/// <param name="Transcript">The decoded capture.</param>
/// <param name="Result">The result as <c>rpclab call</c> prints it, or null when the call failed.</param>
/// <param name="Status">The status of a failed call, null when it succeeded.</param>
/// <param name="Error">"NotFound: no user with id ..." when the call failed, else null.</param>
public sealed record WireCall(string Method, string Upstream, string Relay, WireTranscript Transcript, string? Result, RpcStatusCode? Status = null, string? Error = null);
