namespace CmlBot.DirectLine;

public static class DirectLineModes
{
    public const string Local = "local";
    public const string Azure = "azure";
}
