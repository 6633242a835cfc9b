namespace Lab5.Stub;

/// <summary>The echo service, as the stub sees it.</summary>
[RawService("echo")]
public interface IEcho
{
    string Reverse(string text);

    string Delay(string text, int ms);
}
