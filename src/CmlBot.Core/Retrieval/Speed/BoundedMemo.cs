using System.Collections.Concurrent;

namespace CmlBot.Core.Retrieval.Speed;

/// <summary>
/// Remembers the results of a pure function of text for at most <c>capacity</c> keys; when full it starts
/// afresh rather than tracking recency. Questions share most of their words, so a few thousand entries hold a
/// day's vocabulary, and the cap keeps what patients type from growing the process without limit.
/// </summary>
public sealed class BoundedMemo<TValue>(int capacity, Func<string, TValue> compute)
{
    private readonly ConcurrentDictionary<string, TValue> _values = new(StringComparer.Ordinal);
    // ConcurrentDictionary.Count takes every lock of the dictionary; counting the additions here keeps two threads
    // that add words at once from waiting on each other. Approximate under races, which a cap does not mind.
    private int _count;

    public TValue this[string key]
    {
        get
        {
            if (_values.TryGetValue(key, out var value)) return value;
            // Two threads may both compute a missing key; the function is pure, so either result will do.
            value = compute(key);
            Set(key, value);
            return value;
        }
    }

    /// <summary>The value for the text in <paramref name="key"/>, looked up without making a string of it unless it is new.</summary>
    public TValue Get(ReadOnlySpan<char> key)
    {
        if (_values.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var value)) return value;
        return this[key.ToString()];
    }

    /// <summary>Keeps a value worked out elsewhere (it must be what the function would give for the key).</summary>
    public void Set(string key, TValue value)
    {
        if (Volatile.Read(ref _count) >= capacity)
        {
            _values.Clear();
            Volatile.Write(ref _count, 0);
        }
        if (_values.TryAdd(key, value)) Interlocked.Increment(ref _count);
    }

    public int Count => _values.Count;
}
