namespace RpcLab.Cli.Calls;

/// <summary>
/// The command line asked for something that cannot be done (an unknown method, an argument of the
/// wrong type). Its message is shown to the user as is, so it says what was wrong and what would be right.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
