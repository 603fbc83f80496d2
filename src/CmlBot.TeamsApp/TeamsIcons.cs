namespace CmlBot.TeamsApp;

/// <summary>
/// Draws the Teams app's two icons, pixel by pixel and without randomness, so the committed PNGs can be
/// made again exactly (<c>CmlBot teams-package --draw-icons</c>): a 192×192 colour icon (a white speech
/// bubble with quoted lines on the accent colour, full bleed) and a 32×32 outline icon (the bubble's white
/// outline on a transparent background), as Teams asks.
/// </summary>
public static class TeamsIcons
{
    public const int ColorSize = 192;
    public const int OutlineSize = 32;
    public static readonly (byte R, byte G, byte B) Accent = (0x1F, 0x5A, 0x96);

    public static byte[] Color()
    {
        const int n = ColorSize;
        var rgba = new byte[n * n * 4];
        for (var y = 0; y < n; y++)
            for (var x = 0; x < n; x++)
            {
                var (r, g, b) = Accent;
                if (InBubble(x, y, n, 0))
                {
                    (r, g, b) = ((byte)255, (byte)255, (byte)255);
                    // Three "quoted lines" inside the bubble, the last one shorter.
                    var line = (y - 62) / 22;
                    var inLine = y >= 62 && (y - 62) % 22 < 10 && line < 3;
                    var right = line == 2 ? 112 : 140;
                    if (inLine && x >= 52 && x < right) (r, g, b) = Accent;
                }
                Set(rgba, n, x, y, r, g, b, 255);
            }
        return Png.Encode(n, n, rgba);
    }

    public static byte[] Outline()
    {
        const int n = OutlineSize;
        var rgba = new byte[n * n * 4];
        for (var y = 0; y < n; y++)
            for (var x = 0; x < n; x++)
            {
                // The bubble's edge, two pixels wide: inside the bubble but not inside the bubble shrunk by 2.
                var edge = InBubble(x, y, n, 0) && !InBubble(x, y, n, 2);
                if (edge) Set(rgba, n, x, y, 255, 255, 255, 255);
            }
        return Png.Encode(n, n, rgba);
    }

    /// <summary>A rounded rectangle (the upper two thirds) with a tail at the lower left, scaled to <paramref name="n"/>.</summary>
    private static bool InBubble(int x, int y, int n, int inset)
    {
        double s = n / 32.0;
        double left = 4 * s + inset, right = 28 * s - inset, top = 5 * s + inset, bottom = 22 * s - inset, radius = Math.Max(1, 4 * s - inset);
        double px = x + 0.5, py = y + 0.5;
        var inRect = px >= left && px < right && py >= top && py < bottom
            && Corner(px, py, left, right, top, bottom, radius);
        // The tail: a triangle under the bubble's left part.
        double tailTop = 21 * s - inset, tailBottom = 28 * s - 1.4 * inset, tailLeft = 9 * s + inset, tailRight = 16 * s - inset;
        var inTail = py >= tailTop && py < tailBottom && px >= tailLeft
            && px < tailRight - (py - tailTop) / (tailBottom - tailTop) * (tailRight - tailLeft);
        return inRect || (inTail && inset < n / 8);
    }

    private static bool Corner(double px, double py, double left, double right, double top, double bottom, double radius)
    {
        var cx = px < left + radius ? left + radius : px > right - radius ? right - radius : px;
        var cy = py < top + radius ? top + radius : py > bottom - radius ? bottom - radius : py;
        return (px - cx) * (px - cx) + (py - cy) * (py - cy) <= radius * radius;
    }

    private static void Set(byte[] rgba, int n, int x, int y, byte r, byte g, byte b, byte a)
    {
        var i = (y * n + x) * 4;
        rgba[i] = r;
        rgba[i + 1] = g;
        rgba[i + 2] = b;
        rgba[i + 3] = a;
    }
}
