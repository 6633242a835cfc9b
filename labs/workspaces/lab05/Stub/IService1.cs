namespace Lab5.Stub;

/// <summary>service1 of init.yaml: rpc1's two overloads are two C# overloads.</summary>
[RawService("service1")]
public interface IService1
{
    string Rpc1(int a, string b);

    int Rpc1(int a, int b);
}
