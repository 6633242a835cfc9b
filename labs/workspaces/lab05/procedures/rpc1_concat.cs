// service1.rpc1(int, str) -> str: the number and the text, concatenated.
public static class Rpc1Concat
{
    public static string rpc1(int a, string b) => a + b;
}
