namespace RpcLab.Measurement.Reports;

/// <summary>How a chart axis maps its values.</summary>
public enum AxisScale
{
    Linear,

    /// <summary>Powers of two evenly spaced, ticks at the values themselves (concurrency, workers).</summary>
    Log2,

    /// <summary>Decades evenly spaced, ticks at 1, 2 and 5 of each.</summary>
    Log10,
}
