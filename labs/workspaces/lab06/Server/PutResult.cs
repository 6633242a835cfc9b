namespace Lab6.Server;

/// <summary>What a Put answers. <see cref="Maybe"/> is never sent by the server: only a clerk can know it is unsure.</summary>
public static class PutResult
{
    /// <summary>The write happened.</summary>
    public const string Ok = "OK";

    /// <summary>The key's version is not the one the Put names: someone (maybe you) wrote it first.</summary>
    public const string ErrVersion = "ErrVersion";

    /// <summary>A Put with a version above 0 for a key that does not exist.</summary>
    public const string ErrNoKey = "ErrNoKey";

    /// <summary>The clerk's answer when a retried Put gets ErrVersion: the first attempt may or may not have written.</summary>
    public const string Maybe = "ErrMaybe";
}
