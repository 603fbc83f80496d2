namespace CmlBot.Embeddings.Tests;

/// <summary>
/// The model's file is written once per model build, replaced whole, cleared of older builds, and a folder that
/// cannot be written or a damaged file costs time, never the model.
/// </summary>
public sealed class ModelFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cmlbot-model-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static readonly byte[] Model = [1, 2, 3, 4, 5];

    [Fact]
    public void The_model_is_written_once_and_then_only_read()
    {
        var produced = 0;
        byte[] Produce() { produced++; return Model; }
        var (file, bytes) = ModelFile.Provide(_folder, "m", "m build 1", Produce);
        var (again, _) = ModelFile.Provide(_folder, "m", "m build 1", Produce);
        Assert.Null(bytes);
        Assert.Equal(file, again);
        Assert.Equal(1, produced);
        Assert.Equal(Model, File.ReadAllBytes(file!));
        Assert.Single(Directory.GetFiles(_folder)); // no temporary file left behind
    }

    [Fact]
    public void A_new_build_gets_its_own_file_and_the_older_one_goes()
    {
        var (old, _) = ModelFile.Provide(_folder, "all-MiniLM-L6-v2", "build 1", () => Model);
        var (quantized, _) = ModelFile.Provide(_folder, "all-MiniLM-L6-v2 (int8)", "int8 build 1", () => [9]);
        var (current, _) = ModelFile.Provide(_folder, "all-MiniLM-L6-v2", "build 2", () => [7, 7]);
        Assert.NotEqual(old, current);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(quantized)); // another model's file is not this one's older build
        Assert.Equal([7, 7], File.ReadAllBytes(current!));
    }

    [Fact]
    public void A_folder_that_cannot_be_written_gives_the_bytes_instead()
    {
        File.WriteAllText(_folder, "a file where the folder should be");
        try
        {
            var (file, bytes) = ModelFile.Provide(_folder, "m", "m build 1", () => Model);
            Assert.Null(file);
            Assert.Equal(Model, bytes);
        }
        finally
        {
            File.Delete(_folder);
        }
    }

    [Fact]
    public void A_damaged_model_file_is_replaced_and_the_model_still_loads()
    {
        using var first = SentenceModel.MiniLm.Load(cacheFolder: _folder);
        var file = Assert.Single(Directory.GetFiles(_folder, "*.onnx"));
        var expected = first.Embed(["my pcr went up"])[0];
        File.WriteAllBytes(file, [0x08, 0x07, 0xFF]);

        using var second = SentenceModel.MiniLm.Load(cacheFolder: _folder);
        Assert.Equal(expected, second.Embed(["my pcr went up"])[0]);
        Assert.False(File.Exists(file)); // removed, so the next start writes it whole again
    }

    [Fact]
    public void Loading_from_the_file_gives_the_vectors_loading_from_memory_gives()
    {
        using var fromMemory = SentenceModel.MiniLm.Load();
        using var fromFile = SentenceModel.MiniLm.Load(cacheFolder: _folder);
        string[] texts = ["what if gleevec stops working", "buffy coat"];
        Assert.Equal(fromMemory.Embed(texts), fromFile.Embed(texts));
        Assert.Equal(fromMemory.Identity, fromFile.Identity);
    }
}
