namespace CmlBot.Storage;

/// <summary>
/// The store's backing service cannot be reached (lost connection, timeout). Stores throw it instead of their
/// client library's own exceptions, so that the turn fails fast and the HTTP endpoints answer 503 without
/// knowing which store is configured. Nothing has been written when it is thrown mid-operation by a
/// single-command write; callers treat the operation as not done.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
