// service1.rpc2(List[int], List[str]) -> str: pairs each number with the word at the same place.
public static class Rpc2
{
    public static string rpc2(int[] numbers, string[] words)
    {
        if (numbers.Length != words.Length)
        {
            throw new ArgumentException($"{numbers.Length} numbers but {words.Length} words");
        }

        return string.Join(", ", numbers.Zip(words, (n, w) => $"{n} {w}"));
    }
}
