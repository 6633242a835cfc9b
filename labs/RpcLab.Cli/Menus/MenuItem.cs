namespace RpcLab.Cli.Menus;

/// <summary>One entry of a menu: its label, the method its errors are about (<c>files.download</c>), and what it does.</summary>
public sealed record MenuItem(string Label, string Method, Func<CancellationToken, Task> RunAsync);
