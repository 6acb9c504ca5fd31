using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.Core.Denials.Intake;
using FhirApp.Core.Tests.Data;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.Core.Tests.Denials;

/// <summary>The poller's checkpoint on both engines, against a small in-memory FHIR search (ge / _sort / _count / _offset).</summary>
public sealed class AdjudicationPollerTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero));
    private static readonly Uri Base = new("https://ehr.example/fhir");

    [Theory]
    [Engines]
    public async Task GivenEqualTimestampsAcrossAPageBoundaryAndACrashBeforeTheCheckpoint_WhenPolledAgain_ThenNothingIsLostOrStoredTwice(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var server = new FakeFhirServer();
        for (var i = 0; i < 7; i++)
        {
            server.Put("ExplanationOfBenefit", $"e{i}", "1", $"2025-01-01T00:00:0{i / 3}.250Z"); // 3 share each second
        }
        var sink = new RecordingSink { FailOnCall = 2 };
        var poller = Poller(db, sink);

        var crashed = await poller.PollAsync(Target(pageSize: 2), server.Client(), CancellationToken.None);
        var resumed = await poller.PollAsync(Target(pageSize: 2), server.Client(), CancellationToken.None);

        crashed.Pages.ShouldBe(1);
        sink.Stored.ShouldBe(Enumerable.Range(0, 7).Select(i => $"e{i}|1"), ignoreOrder: true);
        sink.Delivered.Count(k => k == "e2|1").ShouldBe(2); // the page whose checkpoint never moved comes again
        sink.Delivered.Count(k => k == "e0|1").ShouldBe(1); // the committed page never does, though it shares e2's second
        await using var ctx = db.NewContext();
        var checkpoint = await ctx.IntakeCheckpoints.SingleAsync();
        checkpoint.LastUpdated.ShouldBe(new DateTimeOffset(2025, 1, 1, 0, 0, 2, 250, TimeSpan.Zero));
        checkpoint.SeenAtLastUpdated.ShouldBe("e6|1");
        (await ctx.JobRuns.OrderBy(r => r.Id).Select(r => r.Outcome).ToListAsync()).ShouldBe([JobRunOutcome.Failed, JobRunOutcome.Succeeded]);
        resumed.Resources.ShouldBe(7); // read again from the committed instant; e0 and e1 filtered out as seen
    }

    [Theory]
    [Engines]
    public async Task GivenANewVersionAtTheSameInstantLater_WhenPolledAgain_ThenOnlyTheNewVersionIsStored(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var server = new FakeFhirServer();
        server.Put("ClaimResponse", "cr1", "1", "2025-02-01T10:00:00.000Z");
        server.Put("ClaimResponse", "cr2", "1", "2025-02-01T10:00:00.000Z");
        var sink = new RecordingSink();
        var poller = Poller(db, sink);
        await poller.PollAsync(Target(types: ["ClaimResponse"]), server.Client(), CancellationToken.None);

        server.Put("ClaimResponse", "cr3", "1", "2025-02-01T10:00:00.000Z"); // late arrival at the committed instant
        server.Put("ClaimResponse", "cr1", "2", "2025-02-02T08:00:00.000Z");
        var second = await poller.PollAsync(Target(types: ["ClaimResponse"]), server.Client(), CancellationToken.None);

        sink.Delivered.ShouldBe(["cr1|1", "cr2|1", "cr3|1", "cr1|2"], ignoreOrder: true);
        second.Stored.ShouldBe(2);
        second.Errors.ShouldBe(0);
    }

    [Fact]
    public async Task GivenANextLinkToAnotherHost_WhenPolling_ThenItIsNotFollowed()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var server = new FakeFhirServer { NextBase = "https://elsewhere.example/fhir" };
        server.Put("ExplanationOfBenefit", "a", "1", "2025-01-01T00:00:00Z");
        server.Put("ExplanationOfBenefit", "b", "1", "2025-01-01T00:00:01Z");

        var summary = await Poller(db, new RecordingSink()).PollAsync(Target(pageSize: 1), server.Client(), CancellationToken.None);

        summary.Pages.ShouldBe(1);
        server.Hosts.ShouldAllBe(h => h == "ehr.example");
    }

    [Fact]
    public async Task GivenAPageOverTheResponseLimit_WhenPolling_ThenTheRunFailsWithTheLimitAndNothingIsStoredOrCheckpointed()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var server = new FakeFhirServer();
        for (var i = 0; i < 30; i++)
        {
            server.Put("ExplanationOfBenefit", $"eob-{i}", "1", "2025-01-01T00:00:00Z");
        }
        var sink = new RecordingSink();

        var summary = await Poller(db, sink).PollAsync(Target(pageSize: 30) with { MaxResponseBytes = 2_000 }, server.Client(), CancellationToken.None);

        summary.Pages.ShouldBe(0);
        summary.Stored.ShouldBe(0);
        sink.Delivered.ShouldBeEmpty();
        await using var read = db.NewContext();
        var run = await read.JobRuns.SingleAsync();
        run.Outcome.ShouldBe(JobRunOutcome.Failed);
        run.Message!.ShouldContain("ExplanationOfBenefit search answered with more than 2,000 bytes, the limit for one response");
        (await read.IntakeCheckpoints.CountAsync()).ShouldBe(0);

        var within = await Poller(db, sink).PollAsync(Target(pageSize: 30), server.Client(), CancellationToken.None);
        within.Stored.ShouldBe(30); // the same page under the default limit is read whole
    }

    private static AdjudicationPoller Poller(TestDatabase db, IAdjudicationSink sink) =>
        new(new Factory(db), sink, Clock, NullLogger<AdjudicationPoller>.Instance);

    private static PollTarget Target(int pageSize = 10, string[]? types = null) =>
        new("t1", "poll:t1", Base, types ?? ["ExplanationOfBenefit"], pageSize);

    private sealed class Factory(TestDatabase db) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => db.NewContext();
    }

    private sealed class RecordingSink : IAdjudicationSink
    {
        private int _calls;

        public int? FailOnCall { get; init; }

        public List<string> Delivered { get; } = [];

        public HashSet<string> Stored => [.. Delivered];

        public Task<IntakeResult> StoreAsync(string tenant, string source, IReadOnlyList<Resource> resources, CancellationToken ct)
        {
            var before = Stored;
            Delivered.AddRange(resources.Select(r => $"{r.Id}|{r.Meta?.VersionId}"));
            var fresh = resources.Count(r => !before.Contains($"{r.Id}|{r.Meta?.VersionId}"));
            if (++_calls == FailOnCall)
            {
                throw new IOException("crash after the store, before the checkpoint");
            }
            return Task.FromResult(new IntakeResult(fresh, resources.Count - fresh, 0));
        }
    }

    /// <summary>Type-level search over resources by lastUpdated: `_lastUpdated=ge`, `_sort=_lastUpdated`, `_count`, `_offset`.</summary>
    private sealed class FakeFhirServer : HttpMessageHandler
    {
        private readonly List<(string Type, string Id, string Version, DateTimeOffset At, long Seq)> _resources = [];
        private long _seq;

        public string NextBase { get; init; } = Base.AbsoluteUri;

        public List<string> Hosts { get; } = [];

        public void Put(string type, string id, string version, string lastUpdated)
        {
            _resources.RemoveAll(r => r.Type == type && r.Id == id);
            _resources.Add((type, id, version, DateTimeOffset.Parse(lastUpdated, CultureInfo.InvariantCulture), ++_seq));
        }

        public HttpClient Client() => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            Hosts.Add(uri.Host);
            var type = uri.AbsolutePath.Split('/')[^1];
            var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
            var since = query.TryGetValue("_lastUpdated", out var lu) ? DateTimeOffset.Parse(lu[2..], CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;
            var count = int.Parse(query["_count"], CultureInfo.InvariantCulture);
            var offset = query.TryGetValue("_offset", out var o) ? int.Parse(o, CultureInfo.InvariantCulture) : 0;
            var all = _resources.Where(r => r.Type == type && r.At >= since).OrderBy(r => r.At).ThenBy(r => r.Seq).ToList();
            var entries = new JsonArray([.. all.Skip(offset).Take(count).Select(r => (JsonNode)new JsonObject
            {
                ["resource"] = new JsonObject
                {
                    ["resourceType"] = r.Type,
                    ["id"] = r.Id,
                    ["meta"] = new JsonObject { ["versionId"] = r.Version, ["lastUpdated"] = r.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) },
                    ["status"] = "active",
                },
            })]);
            var bundle = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["entry"] = entries, ["link"] = new JsonArray() };
            if (offset + count < all.Count)
            {
                var next = $"{NextBase.TrimEnd('/')}/{type}?{(query.ContainsKey("_lastUpdated") ? $"_lastUpdated={Uri.EscapeDataString(lu!)}&" : "")}_sort=_lastUpdated&_count={count}&_offset={offset + count}";
                bundle["link"]!.AsArray().Add(new JsonObject { ["relation"] = "next", ["url"] = next });
            }
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(bundle.ToJsonString(), Encoding.UTF8, "application/fhir+json") });
        }
    }
}
