namespace RpcLab.Services.Users;

/// <summary>
/// The limits a <see cref="UserService"/> enforces (see <see cref="ServiceOptions.MaxNameLength"/>,
/// <see cref="ServiceOptions.MaxEmailLength"/>, <see cref="ServiceOptions.MaxUsers"/>): every one at least 1,
/// checked once here so the service can rely on them. Immutable.
/// </summary>
internal sealed class UserLimits
{
    public UserLimits(ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MaxNameLength = AtLeastOne(options.MaxNameLength, nameof(options.MaxNameLength));
        MaxEmailLength = AtLeastOne(options.MaxEmailLength, nameof(options.MaxEmailLength));
        MaxUsers = AtLeastOne(options.MaxUsers, nameof(options.MaxUsers));
    }

    public int MaxNameLength { get; }

    public int MaxEmailLength { get; }

    public int MaxUsers { get; }

    /// <summary>
    /// What a read asks the store for: one character more than the longer field limit, which is enough to tell an
    /// oversized record (and cut it with a mark) without reading it whole.
    /// </summary>
    public int ReadLimit => (int)Math.Min(Math.Max(MaxNameLength, MaxEmailLength) + 1L, int.MaxValue);

    private static int AtLeastOne(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
}
