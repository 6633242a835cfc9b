namespace RpcLab.Services.Files;

/// <summary>What a name in the files folder is, seen without following a link and without opening it.</summary>
internal enum EntryKind
{
    /// <summary>Nothing has this name.</summary>
    Missing,

    /// <summary>A regular file: the only kind the service lists, serves, renames or deletes.</summary>
    RegularFile,

    /// <summary>A folder (made by hand on the server): an upload of its name is refused.</summary>
    Folder,

    /// <summary>
    /// A symbolic link, FIFO, socket or device: never listed, served or followed. Opening a FIFO waits for a writer
    /// forever, a link may lead out of the folder (to /etc/passwd), and a device is not a file at all.
    /// </summary>
    Special,
}
