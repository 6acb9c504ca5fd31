using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using FhirApp.Core.Audit;
using FhirApp.Core.Data;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FhirApp.Core.Learning;

/// <summary>
/// Each practice's learned payer rules, stored and versioned in the app database: mining its own history folder
/// (Scoring:HistoryRoot/{practice}, as retraining does) into a new version when the rules changed, the owners'
/// confirmations and dismissals, and the scrubber that applies them. Versions and decisions are read with one query
/// each per call and the parsed book is kept per practice until either changes, so every app instance sees a new
/// mining or decision on its next claims load.
/// </summary>
public sealed class PracticeRuleBooks(
    IDbContextFactory<AppDbContext> dbs, ClaimScrubber scrubber, ScoringOptions options, TimeProvider clock, ILogger<PracticeRuleBooks> logger)
{
    public const string LearnJob = "learn-payer-rules";
    public const string NoHistoryMessage = "No history for this practice (its folder under Scoring:HistoryRoot): nothing learned.";

    /// <summary>A rule whose last denial is this much older than the history's last date of service has stopped firing.</summary>
    public const int StoppedFiringDays = 120;

    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);

    /// <summary>The practice's rules as they stand (none until its first mining).</summary>
    public async Task<PracticeRuleBook> CurrentAsync(string tenant, CancellationToken ct) => (await LoadAsync(tenant, ct)).Book;

    /// <summary>The shipped scrubber with the practice's effective learned rules.</summary>
    public async Task<ClaimScrubber> ScrubberAsync(string tenant, CancellationToken ct) => (await LoadAsync(tenant, ct)).Scrubber;

    /// <summary>
    /// Mines the practice's history and stores the book as a new version when its rules differ from the latest one.
    /// Recorded as a job run (jobs page) with counts only. Returns the run's message.
    /// </summary>
    public async Task<string> LearnAsync(string tenant, string trigger, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var run = new JobRun { Tenant = tenant, Job = LearnJob, StartedAt = clock.GetUtcNow() };
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(ct);
        if (options.HistoryFor(tenant) is not { } history)
        {
            return await EndAsync(db, run, JobRunOutcome.Succeeded, NoHistoryMessage);
        }

        try
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            // Mining is CPU-bound and synchronous; off the caller's thread so a page that asked for it stays responsive.
            var book = await Task.Run(() => RuleMiner.Mine([history], today, shipped: scrubber.Rules), ct);
            run.Resources = book.History.Resources;
            run.Errors = book.History.UnreadableResources;
            var latest = await db.LearnedRuleBooks.AsNoTracking().Where(v => v.Tenant == tenant)
                .OrderByDescending(v => v.Number).Select(v => new { v.Number, v.ContentHash }).FirstOrDefaultAsync(ct);
            var counts = string.Create(CultureInfo.InvariantCulture,
                $"{book.Rules.Count} rules for {book.Payers.Count} payers from {book.History.Adjudicated} adjudicated claims");
            if (latest?.ContentHash == book.Version)
            {
                return await EndAsync(db, run, JobRunOutcome.Succeeded, $"Same rules as version {latest.Number}: {counts}.");
            }

            var number = (latest?.Number ?? 0) + 1;
            db.LearnedRuleBooks.Add(new LearnedRuleBookVersion
            {
                Tenant = tenant,
                Number = number,
                ContentHash = book.Version,
                Trigger = trigger,
                MinedAt = clock.GetUtcNow(),
                AdjudicatedClaims = book.History.Adjudicated,
                Rules = book.Rules.Count,
                Json = book.ToJson(),
            });
            run.Stored = 1;
            logger.LogInformation("Payer rules of {Tenant}: version {Number}, {Rules} rules", tenant, number, book.Rules.Count);
            return await EndAsync(db, run, JobRunOutcome.Succeeded, $"Version {number}: {counts}.");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await EndAsync(db, run, JobRunOutcome.Cancelled, "Cancelled.");
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Type and message only: mining errors name files, not claim content.
            logger.LogWarning("Payer rule mining of {Tenant} failed: {Error}", tenant, ex.GetType().Name);
            return await EndAsync(db, run, JobRunOutcome.Failed, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>The first mining of a practice with a history and no rules yet; nothing (no run recorded) otherwise.</summary>
    public async Task LearnIfNeverLearnedAsync(string tenant, string trigger, CancellationToken ct)
    {
        if (options.HistoryFor(tenant) is null || (await CurrentAsync(tenant, ct)).Number is not null)
        {
            return;
        }

        await LearnAsync(tenant, trigger, ct);
    }

    /// <summary>Confirms or dismisses a learned rule of the practice's latest book (or one already decided). Needs a reason.</summary>
    public async Task DecideAsync(string tenant, string ruleId, bool confirm, string reason, AuditActor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("Confirming or dismissing a learned rule needs a reason.", nameof(reason));
        }

        var rule = (await CurrentAsync(tenant, ct)).Rules.FirstOrDefault(r => r.Rule.Id == ruleId)?.Rule
            ?? throw new InvalidOperationException("That rule is not in the practice's learned rules.");
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.LearnedRuleDecisions.Add(new LearnedRuleDecision
        {
            Tenant = tenant,
            RuleId = ruleId,
            PayerId = rule.PayerId,
            Confirmed = confirm,
            Reason = reason.Trim(),
            RuleJson = JsonSerializer.Serialize(rule, LearnedRuleBook.Json),
            DecidedBy = actor.User,
            DecidedAt = clock.GetUtcNow(),
        });
        AuditTrail.Stage(db, tenant, actor, new AuditRecord(AuditAction.Update, $"Organization/{rule.PayerId}", confirm ? "learned-rule-confirm" : "learned-rule-dismiss"), clock);
        await db.SaveChangesAsync(ct);
    }

    private async Task<Cached> LoadAsync(string tenant, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var latestId = await db.LearnedRuleBooks.AsNoTracking().Where(v => v.Tenant == tenant)
            .OrderByDescending(v => v.Number).Select(v => (long?)v.Id).FirstOrDefaultAsync(ct);
        var lastDecision = await db.LearnedRuleDecisions.AsNoTracking().Where(d => d.Tenant == tenant)
            .OrderByDescending(d => d.Id).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);
        var stamp = (latestId, lastDecision);
        if (_cache.TryGetValue(tenant, out var cached) && cached.Stamp == stamp)
        {
            return cached;
        }

        var version = latestId is { } id ? await db.LearnedRuleBooks.AsNoTracking().SingleAsync(v => v.Id == id, ct) : null;
        var decisions = await db.LearnedRuleDecisions.AsNoTracking().Where(d => d.Tenant == tenant).OrderBy(d => d.Id).ToListAsync(ct);
        var book = version is null && decisions.Count == 0 ? PracticeRuleBook.None : Build(version, decisions);
        var fresh = new Cached(stamp, book, book.Effective.IsEmpty ? scrubber : scrubber.WithLearned(book.Effective));
        _cache[tenant] = fresh;
        return fresh;
    }

    private PracticeRuleBook Build(LearnedRuleBookVersion? version, IReadOnlyList<LearnedRuleDecision> decisions)
    {
        var mined = version is null ? LearnedRuleBook.Empty : LearnedRuleBook.FromJson(version.Json);
        var latest = decisions.GroupBy(d => d.RuleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var lastService = mined.History.LastService;
        var rules = new List<PracticeRule>();
        foreach (var rule in mined.Rules)
        {
            latest.TryGetValue(rule.Id, out var decision);
            rules.Add(Describe(rule, decision, Drift(rule, lastService)));
        }

        // A confirmed rule the latest mining no longer finds is the practice's rule all the same, flagged.
        foreach (var decision in latest.Values.Where(d => d.Confirmed && !mined.Rules.Any(r => r.Id == d.RuleId)))
        {
            var rule = JsonSerializer.Deserialize<LearnedRule>(decision.RuleJson, LearnedRuleBook.Json)!;
            rules.Add(Describe(rule, decision, [.. Drift(rule, lastService), "The latest mining no longer finds it; kept because an owner confirmed it."]));
        }

        return new PracticeRuleBook(version?.Number, version?.MinedAt, version?.Trigger, mined,
            [.. rules.OrderBy(r => r.Rule.PayerName, StringComparer.Ordinal).ThenBy(r => r.Rule.Shape).ThenByDescending(r => r.Rule.Support)]);
    }

    private static PracticeRule Describe(LearnedRule rule, LearnedRuleDecision? decision, IReadOnlyList<string> drift) =>
        new(rule,
            decision is null ? PracticeRuleStatus.Learned : decision.Confirmed ? PracticeRuleStatus.Confirmed : PracticeRuleStatus.Dismissed,
            decision is null ? null : new PracticeRuleDecision(decision.Confirmed, decision.Reason, decision.DecidedBy, decision.DecidedAt),
            drift);

    /// <summary>What suggests a rule is no longer right: it stopped, it went quiet, or the payer's policy file says otherwise.</summary>
    private List<string> Drift(LearnedRule rule, DateOnly? lastService)
    {
        var c = CultureInfo.InvariantCulture;
        var flags = new List<string>();
        if (rule.EffectiveTo is { } to)
        {
            flags.Add(string.Create(c, $"Stopped: the payer paid these claims after {to:MMM d, yyyy}."));
        }
        else if (lastService is { } end && rule.LastDenied is { } denied && denied.AddDays(StoppedFiringDays) < end)
        {
            flags.Add(string.Create(c, $"No denial of this kind since {denied:MMM d, yyyy}."));
        }

        var policy = scrubber.Rules.PayerFor(rule.PayerId)?.For(lastService ?? rule.LastSeen);
        if (policy is null)
        {
            return flags;
        }

        switch (rule.Shape)
        {
            case LearnedShape.FilingLimit when policy.FilingLimitDays is { } days && rule.Parameters.Days is { } learned && learned != days:
                flags.Add(string.Create(c, $"The payer's policy file says {days} days; its denials say {learned}."));
                break;
            case LearnedShape.AuthRequired when rule.Parameters.Code is { } code && policy.AuthRequired.All(a => a.Code != code):
                flags.Add($"The payer's policy file does not list {code} for prior authorization.");
                break;
        }

        return flags;
    }

    private async Task<string> EndAsync(AppDbContext db, JobRun run, JobRunOutcome outcome, string message)
    {
        run.Outcome = outcome;
        run.Message = message.Length <= 2000 ? message : message[..2000]; // the column's limit
        run.EndedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        return message;
    }

    private sealed record Cached((long?, long?) Stamp, PracticeRuleBook Book, ClaimScrubber Scrubber);
}
