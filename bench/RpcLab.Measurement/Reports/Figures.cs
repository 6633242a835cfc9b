using System.Globalization;

namespace RpcLab.Measurement.Reports;

/// <summary>How the report writes numbers: the same on every machine (invariant culture), as many digits as mean something. Thread-safe.</summary>
public static class Figures
{
    /// <summary>Microseconds: "0.81", "23.4", "1,234".</summary>
    public static string Us(double value) => value switch
    {
        < 10 => value.ToString("0.00", CultureInfo.InvariantCulture),
        < 100 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("N0", CultureInfo.InvariantCulture),
    };

    public static string Us(double? value) => value is { } v ? Us(v) : "-";

    /// <summary>A whole count or rate: "41,230".</summary>
    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A ratio: "2.35x"; "-" when either side is missing.</summary>
    public static string Ratio(double? value, double? reference) =>
        value is { } v && reference is > 0 ? (v / reference.Value).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";

    /// <summary>A multiple already divided: "1.09x"; "-" when missing.</summary>
    public static string Multiple(double? value) =>
        value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";

    /// <summary>A share: "87%"; "-" when missing.</summary>
    public static string Percent(double? share) =>
        share is { } v ? (v * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "-";

    /// <summary>Bytes: "1,408 B", "60.6 KiB", "64.0 MiB".</summary>
    public static string Bytes(double? value) => value switch
    {
        null => "-",
        < 10 * 1024 => value.Value.ToString("N0", CultureInfo.InvariantCulture) + " B",
        < 10 * 1024 * 1024 => (value.Value / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => (value.Value / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
    };
}
