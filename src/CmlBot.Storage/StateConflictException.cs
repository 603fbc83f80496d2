namespace CmlBot.Storage;

/// <summary>
/// A write carried an ETag that is no longer the stored one: someone else (another instance, another request)
/// wrote the item since it was read. Derives from <see cref="ArgumentException"/> with Bot Builder's wording
/// because Microsoft.Bot.Builder.MemoryStorage 4.23.1 reports a conflict as a plain
/// <c>ArgumentException("Etag conflict.\r\n\r\nOriginal: {given}\r\nCurrent: {stored}")</c>; code written
/// against MemoryStorage keeps working, and this type lets the bot tell a conflict from other argument errors.
/// </summary>
public sealed class StateConflictException : ArgumentException
{
    public const string MessagePrefix = "Etag conflict.";

    public StateConflictException()
    {
    }

    public StateConflictException(string message) : base(message)
    {
    }

    public StateConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public static StateConflictException For(string? given, string? current) =>
        new($"{MessagePrefix}\r\n\r\nOriginal: {given}\r\nCurrent: {current}");

    /// <summary>This type, or MemoryStorage's own conflict (an ArgumentException with the same wording).</summary>
    public static bool IsConflict(Exception exception) =>
        exception is StateConflictException
        || exception.GetType() == typeof(ArgumentException) && exception.Message.StartsWith(MessagePrefix, StringComparison.Ordinal);
}
