namespace CmlBot.DirectLine.Store;

/// <summary>What starting a conversation did. There is no "full": at a cap, the store ends the longest-idle conversation instead.</summary>
public enum CreateConversationResult
{
    Created,
    AlreadyExists,
}
