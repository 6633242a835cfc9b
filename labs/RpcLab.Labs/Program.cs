namespace RpcLab.Labs;

internal static class Program
{
    // SKELETON: the CLI issue fills this in.
    private static int Main(string[] args) => 0;
}
