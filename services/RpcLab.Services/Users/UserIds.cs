using System.Globalization;

namespace RpcLab.Services.Users;

/// <summary>Ids on the wire are decimal strings of positive integers, written without sign or leading zeros.</summary>
internal static class UserIds
{
    public static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The numeric id, or false for anything no user can have: null, empty, signs, spaces, leading
    /// zeros ("01" would otherwise silently alias "1"), non-digits and values beyond a long.
    /// </summary>
    public static bool TryParse(string? text, out long id)
    {
        id = 0;
        return !string.IsNullOrEmpty(text)
            && text[0] is >= '1' and <= '9'
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
