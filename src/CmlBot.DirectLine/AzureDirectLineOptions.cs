namespace CmlBot.DirectLine;

public sealed class AzureDirectLineOptions
{
    public string Endpoint { get; set; } = "https://directline.botframework.com/v3/directline";

    /// <summary>The Direct Line channel's secret; used server-side only, never sent to the browser.</summary>
    public string Secret { get; set; } = "";
}
