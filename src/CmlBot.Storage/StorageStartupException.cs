namespace CmlBot.Storage;

/// <summary>
/// Storage cannot start: a bad <c>Storage</c> setting or an unreachable server. Its message is one line meant
/// for the operator (it names the endpoint, never a password); the host prints it and exits non-zero.
/// </summary>
public sealed class StorageStartupException : Exception
{
    public StorageStartupException()
    {
    }

    public StorageStartupException(string message) : base(message)
    {
    }

    public StorageStartupException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
