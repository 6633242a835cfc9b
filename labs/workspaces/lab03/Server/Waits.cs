using System.Collections.Concurrent;
using System.Diagnostics;

namespace Lab3.Server;

/// <summary>
/// What became of each Wait call, by its tag, so a client can ask afterwards (GetWait) whether your handler saw the
/// call's deadline: the handler opens an entry, marks it completed when it ran to the end, and disposes it; an entry
/// disposed without completing records whether the call's token had fired. Given: you need not change it. Thread-safe.
/// </summary>
public sealed class Waits
{
    private readonly ConcurrentDictionary<string, WaitRecord> _records = new();

    /// <summary>Starts recording the wait <paramref name="tag"/> of a call whose token is <paramref name="token"/>.</summary>
    public Entry Begin(string tag, CancellationToken token) => new(this, tag, token);

    /// <summary>The record of <paramref name="tag"/>, or null when no wait had it.</summary>
    public WaitRecord? Find(string tag) => _records.TryGetValue(tag, out var record) ? record : null;

    /// <summary>One wait in progress: call <see cref="Complete"/> when it ran to the end, and dispose it in any case.</summary>
    public sealed class Entry : IDisposable
    {
        private readonly Waits _owner;
        private readonly string _tag;
        private readonly CancellationToken _token;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private bool _completed;

        internal Entry(Waits owner, string tag, CancellationToken token)
        {
            (_owner, _tag, _token) = (owner, tag, token);
            Record("running");
        }

        public void Complete() => _completed = true;

        public void Dispose() => Record(_completed ? "completed" : _token.IsCancellationRequested ? "cancelled" : "failed");

        private void Record(string state) =>
            _owner._records[_tag] = new WaitRecord { Tag = _tag, State = state, ElapsedMs = _clock.ElapsedMilliseconds };
    }
}
