// service1.rpc1(int, int) -> int: the overload of rpc1 for two numbers, their sum.
public static class Rpc1Sum
{
    public static int rpc1(int a, int b) => a + b;
}
