namespace RpcLab.Transports.Raw.Types;

/// <summary>A value that is not of its declared type; the message completes "argument 2 ..." or "return value 1 ...".</summary>
public sealed class InvalidValueException(string message, Exception? inner = null) : Exception(message, inner);
