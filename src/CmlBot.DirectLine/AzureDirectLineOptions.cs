namespace CmlBot.DirectLine;

/// <summary><c>DirectLine:Azure</c>: Azure Bot Service's Direct Line, used in azure mode.</summary>
public sealed class AzureDirectLineOptions
{
    public string Endpoint { get; set; } = "https://directline.botframework.com/v3/directline";

    /// <summary>The Direct Line channel's secret; used server-side only, never sent to the browser.</summary>
    public string Secret { get; set; } = "";
}
