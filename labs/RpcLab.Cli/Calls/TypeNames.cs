namespace RpcLab.Cli.Calls;

/// <summary>Short, C#-like names for the parameter and result types shown to students (int[], string, User).</summary>
public static class TypeNames
{
    public static string Friendly(Type? type) => type switch
    {
        null => "(none)",
        _ when type == typeof(string) => "string",
        _ when type == typeof(int) => "int",
        _ when type == typeof(long) => "long",
        _ when type == typeof(double) => "double",
        _ when type == typeof(bool) => "bool",
        _ when type == typeof(byte) => "byte",
        { IsArray: true } => Friendly(type.GetElementType()) + "[]",
        _ when Nullable.GetUnderlyingType(type) is { } inner => Friendly(inner) + "?",
        _ => type.Name,
    };

    /// <summary>A hint of how to write a value of that type on the command line.</summary>
    public static string Example(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number, like 3",
        _ when type == typeof(double) => "a number, like 2.5",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int[]) || type == typeof(long[]) => "whole numbers like \"1 2 3\", \"1,2,3\" or \"[1,2,3]\"",
        _ when type == typeof(double[]) => "numbers like \"1.5 2 3\", \"1.5,2,3\" or \"[1.5,2,3]\"",
        _ when type == typeof(string) => "any text",
        _ => $"JSON for {Friendly(type)}",
    };
}
