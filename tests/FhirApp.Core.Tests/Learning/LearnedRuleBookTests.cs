using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Tests.Learning;

/// <summary>The learned rule book file: versioned by content, round-trips, refuses what it cannot read.</summary>
public sealed class LearnedRuleBookTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-rulebook-");

    public void Dispose() => _work.Delete(recursive: true);

    private static LearnedRuleBook Book(int support = 10) => new LearnedRuleBook
    {
        MinedOn = new DateOnly(2026, 12, 31),
        Payers = [LearnedRuleFindingTests.Payer("org-a")],
        Rules = [LearnedRuleFindingTests.Rule("org-a", LearnedShape.AuthRequired, new LearnedRuleParameters { Code = "64999", Days = 90 }) with { Support = support }],
    }.WithVersion();

    [Fact]
    public void GivenABook_WhenSavedAndLoaded_ThenItIsTheSameBook()
    {
        var path = Path.Combine(_work.FullName, "rules.json");
        var book = Book();

        book.Save(path);
        var loaded = LearnedRuleBook.Load(path);

        loaded.ToJson().ShouldBe(book.ToJson());
        loaded.Version.ShouldBe(book.Version);
        loaded.Rules[0].Shape.ShouldBe(LearnedShape.AuthRequired);
        File.ReadAllText(path).ShouldContain("\"shape\": \"auth-required\"");
        File.ReadAllText(path).ShouldContain("\"format\": \"fhirapp-learned-rules\"");
    }

    [Fact]
    public void GivenTwoBooks_WhenVersioned_ThenTheVersionFollowsTheRulesOnly()
    {
        Book().Version.ShouldBe(Book().Version);
        Book().Version.Length.ShouldBe(12);
        Book(support: 11).Version.ShouldNotBe(Book().Version);
        (Book() with { MinedOn = new DateOnly(2027, 1, 1) }).WithVersion().Version.ShouldBe(Book().Version);
        LearnedRuleBook.Empty.WithVersion().Version.ShouldBe("empty");
        LearnedRuleBook.Empty.IsEmpty.ShouldBeTrue();
    }

    [Theory]
    [InlineData("{\"format\":\"fhirapp-learned-rules\",\"formatVersion\":2}", "newer than this program reads")]
    [InlineData("{\"format\":\"something-else\",\"formatVersion\":1}", "is not fhirapp-learned-rules")]
    [InlineData("{not json", "cannot be read")]
    public void GivenAFileThatIsNotAReadableBook_WhenLoaded_ThenItFailsNamingTheFile(string json, string reason)
    {
        var path = Path.Combine(_work.FullName, "bad.json");
        File.WriteAllText(path, json);

        var ex = Should.Throw<InvalidOperationException>(() => LearnedRuleBook.Load(path));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain(reason);
    }
}
