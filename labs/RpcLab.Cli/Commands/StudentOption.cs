using System.CommandLine;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>--student NAME</c>, shared by the verbs that write a deliverable (<c>lab</c>, <c>check</c>, <c>submit</c>) so every
/// file names its author the same way. Defaults to the login name: on a shared lab machine each student has their own.
/// </summary>
public static class StudentOption
{
    public static Option<string> Create() => new("--student")
    {
        Description = "Your name, written into every file this command writes (default: your login name).",
        DefaultValueFactory = _ => Environment.UserName,
    };
}
