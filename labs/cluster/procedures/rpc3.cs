// service2.rpc3(float, List[float]) -> str: the values scaled by the factor, and their sum.
using System.Globalization;

public static class Rpc3
{
    public static string rpc3(double factor, double[] values)
    {
        var scaled = values.Select(v => v * factor).ToArray();
        var text = string.Join(", ", scaled.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        return $"[{text}] sum {scaled.Sum().ToString(CultureInfo.InvariantCulture)}";
    }
}
