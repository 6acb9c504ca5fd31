using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.Core.Remittance;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.Core.Tests.Remittance;

/// <summary>The 835 drop folder a practice's job watches: import, move, refuse with reasons, and resume after a crash.</summary>
public sealed class RemittanceDropFolderTests : IDisposable
{
    public static TheoryData<string> Engines => ["Sqlite", "PostgreSQL"];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fhirapp-drop-");

    public void Dispose() => _folder.Delete(recursive: true);

    private DenialIntake Intake(TestDatabase db) =>
        new(db.Contexts, new DenialDetector(DenialCauseTable.Load()), new DenialDeadlines(RuleBookLoader.Load().Payers, _clock), _clock);

    private RemittanceDropFolder Drop(TestDatabase db) => new(Intake(db), db.Contexts, _clock, NullLogger<RemittanceDropFolder>.Instance);

    /// <summary>Copies a fixture into the drop folder, last written a minute ago on the fake clock (settled).</summary>
    private string Put(string source, string? name = null, TimeSpan? age = null)
    {
        var path = Path.Combine(_folder.FullName, name ?? Path.GetFileName(source));
        File.Copy(source, path);
        File.SetLastWriteTimeUtc(path, (_clock.GetUtcNow() - (age ?? TimeSpan.FromMinutes(1))).UtcDateTime);
        return path;
    }

    private string[] Names(string sub = "") =>
        [.. Directory.EnumerateFiles(Path.Combine(_folder.FullName, sub)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public async Task GivenAcceptedAndRefusedFiles_WhenRun_ThenTheAcceptedAreStoredAndMovedAndTheRefusedMovedWithTheirReasons()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        Put(X12Fixtures.Accepted("denied-acme.835"));
        Put(Path.Combine(X12Fixtures.Directory, "835", "demo", "demo-drop-bluepeak.835"));
        Put(X12Fixtures.Refused("unbalanced-bpr.835"));
        Put(X12Fixtures.Accepted("paid-acme.835"), "notes.txt");
        await File.WriteAllTextAsync(Path.Combine(_folder.FullName, "letter.txt"), "Dear biller");
        File.SetLastWriteTimeUtc(Path.Combine(_folder.FullName, "letter.txt"), _clock.GetUtcNow().UtcDateTime.AddMinutes(-1));

        var summary = await Drop(db).RunAsync("practice", _folder.FullName, TimeSpan.FromSeconds(10), CancellationToken.None);

        (summary.Imported, summary.Refused, summary.Waiting).ShouldBe((3, 2, 0), "notes.txt starts with an ISA: an 835 whatever its name");
        Names().ShouldBeEmpty();
        Names("processed").ShouldBe(["demo-drop-bluepeak.835", "denied-acme.835", "notes.txt"]);
        Names("refused").ShouldBe(["letter.txt", "letter.txt.why.txt", "unbalanced-bpr.835", "unbalanced-bpr.835.why.txt"]);
        var refused = RemittanceDropFolder.Refused(_folder.FullName, 10);
        refused.Single(r => r.Name == "unbalanced-bpr.835").Reasons.ShouldContain(r => r.StartsWith("segment 4 (BPR):", StringComparison.Ordinal));
        refused.Single(r => r.Name == "letter.txt").Reasons.ShouldBe(["not an X12 file: it does not start with an ISA segment"]);
        await using var ctx = db.NewContext();
        (await ctx.DenialWorkItems.CountAsync(w => w.Tenant == "practice" && w.ClaimId == "claim-robert-pending")).ShouldBe(1, "the demo drop's CO-197 denial");
        var run = await ctx.JobRuns.SingleAsync();
        (run.Job, run.Outcome, run.Pages, run.Errors, run.Message).ShouldBe((RemittanceDropFolder.JobName, JobRunOutcome.Succeeded, 5, 2, "3 imported, 2 refused"));
        run.Stored.ShouldBe(summary.Stored);
        run.Stored.ShouldBeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task GivenTheProcessDiesBetweenTheStoreAndTheMove_WhenTheNextRunComes_ThenTheFileIsNeitherLostNorStoredTwice(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        Put(X12Fixtures.Accepted("denied-acme.835"));
        // The first run stores the file and stops where the move would be, leaving what a killed process leaves: the
        // store committed, the file still in the drop folder (a kill would also leave the run without an end time).
        var dying = new RemittanceDropFolder(Intake(db), db.Contexts, _clock, NullLogger<RemittanceDropFolder>.Instance)
        {
            MoveFile = (_, _) => throw new IOException("killed"),
        };
        await dying.RunAsync("practice", _folder.FullName, TimeSpan.Zero, CancellationToken.None);
        Names().ShouldBe(["denied-acme.835"], "the file is still in the drop folder");
        int versions, items;
        await using (var ctx = db.NewContext())
        {
            versions = await ctx.StoredAdjudications.CountAsync();
            items = await ctx.DenialWorkItems.CountAsync();
            (await ctx.JobRuns.SingleAsync()).Message!.ShouldContain("the file stays for the next run");
        }

        versions.ShouldBe(4, "the file's four claims were stored before the kill");

        var summary = await Drop(db).RunAsync("practice", _folder.FullName, TimeSpan.Zero, CancellationToken.None);

        (summary.Imported, summary.Stored).ShouldBe((1, 0), "imported again, and every EOB version was already stored");
        Names().ShouldBeEmpty();
        Names("processed").ShouldBe(["denied-acme.835"]);
        await using var after = db.NewContext();
        (await after.StoredAdjudications.CountAsync()).ShouldBe(versions);
        (await after.DenialWorkItems.CountAsync()).ShouldBe(items);
    }

    [Fact]
    public async Task GivenAFileStillBeingCopiedIn_WhenRun_ThenItWaitsForTheNextRun()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        Put(X12Fixtures.Accepted("paid-acme.835"), age: TimeSpan.FromSeconds(3));
        Put(X12Fixtures.Accepted("denied-acme.835"), "upload.835.part");

        var first = await Drop(db).RunAsync("practice", _folder.FullName, TimeSpan.FromSeconds(10), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(8));
        var second = await Drop(db).RunAsync("practice", _folder.FullName, TimeSpan.FromSeconds(10), CancellationToken.None);

        (first.Imported, first.Waiting).ShouldBe((0, 1));
        (second.Imported, second.Waiting).ShouldBe((1, 0));
        Names().ShouldBe(["upload.835.part"], "a partial upload is never read");
    }

    [Fact]
    public async Task GivenAFileOfTheSameNameProcessedBefore_WhenItComesAgain_ThenBothAreKept()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        Put(X12Fixtures.Accepted("paid-acme.835"), "era.835");
        await Drop(db).RunAsync("practice", _folder.FullName, TimeSpan.Zero, CancellationToken.None);
        Put(X12Fixtures.Accepted("denied-acme.835"), "era.835");

        var second = await Drop(db).RunAsync("practice", _folder.FullName, TimeSpan.Zero, CancellationToken.None);

        second.Imported.ShouldBe(1);
        Names("processed").ShouldBe(["era-2.835", "era.835"]);
    }

    [Fact]
    public async Task GivenAMissingDropFolder_WhenRun_ThenTheRunFailsSayingWhatToFix()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");

        await Drop(db).RunAsync("practice", Path.Combine(_folder.FullName, "nowhere"), TimeSpan.Zero, CancellationToken.None);

        await using var ctx = db.NewContext();
        var run = await ctx.JobRuns.SingleAsync();
        run.Outcome.ShouldBe(JobRunOutcome.Failed);
        run.Message!.ShouldContain("remittance.dropFolder");
    }
}
