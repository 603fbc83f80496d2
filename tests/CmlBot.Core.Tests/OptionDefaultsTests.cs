using System.Collections;
using CmlBot.Core.Answers;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using CmlBot.Core.Understanding;
using Microsoft.Extensions.Configuration;

namespace CmlBot.Core.Tests;

/// <summary>An option class's code defaults are the values appsettings.json ships: a host without the file behaves the same.</summary>
public sealed class OptionDefaultsTests
{
    private static readonly IConfiguration Settings =
        new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoFixture.FindRoot(), "appsettings.json")).Build();

    public static TheoryData<string, Type> Sections => new()
    {
        { "Retrieval", typeof(RetrievalOptions) },
        { "Answers", typeof(AnswerOptions) },
        { "Understanding", typeof(UnderstandingOptions) },
        { "Corpus", typeof(CorpusOptions) },
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void Code_defaults_equal_appsettings(string section, Type type)
    {
        var defaults = Activator.CreateInstance(type)!;
        Assert.True(Settings.GetSection(section).Exists(), $"appsettings.json has no \"{section}\" section");
        // Bound onto a fresh instance whose lists start empty: the binder adds to a list that already holds items.
        var bound = Activator.CreateInstance(type)!;
        foreach (var p in type.GetProperties().Where(p => p.CanWrite && typeof(IList).IsAssignableFrom(p.PropertyType)))
            p.SetValue(bound, Activator.CreateInstance(typeof(List<>).MakeGenericType(p.PropertyType.GetGenericArguments())));
        Settings.GetSection(section).Bind(bound);
        foreach (var p in type.GetProperties().Where(p => p.CanWrite))
        {
            var expected = p.GetValue(defaults);
            var actual = p.GetValue(bound);
            if (expected is IEnumerable list and not string)
                Assert.True(list.Cast<object>().Distinct().SequenceEqual(((IEnumerable)actual!).Cast<object>().Distinct()),
                    $"{section}:{p.Name}: code default [{string.Join(", ", list.Cast<object>())}], appsettings.json [{string.Join(", ", ((IEnumerable)actual!).Cast<object>())}]");
            else
                Assert.True(Equals(expected, actual), $"{section}:{p.Name}: code default {expected}, appsettings.json {actual}");
        }
        var missing = type.GetProperties().Where(p => p.CanWrite).Select(p => p.Name)
            .Where(name => !Settings.GetSection(section).GetChildren().Any(c => c.Key == name)).ToList();
        Assert.True(missing.Count == 0, $"{section} in appsettings.json lacks {string.Join(", ", missing)}");
    }
}
