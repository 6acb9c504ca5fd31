using System.Globalization;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Corrections;

/// <summary>What a safe fix changes on a claim.</summary>
public enum ClaimFixKind
{
    /// <summary>Add an authorization number to Claim.insurance.preAuthRef (the focal insurance).</summary>
    AttachAuthNumber,

    /// <summary>Add a modifier to a line.</summary>
    AddModifier,

    /// <summary>Replace a line's diagnosis pointers.</summary>
    SetDiagnosisPointers,

    /// <summary>Set a line's place of service.</summary>
    SetPlaceOfService,

    /// <summary>Set a line's units.</summary>
    SetUnits,
}

/// <summary>
/// A fix a rule proposes only when the claim's own data determine it (an auth number on file, a modifier the note
/// supports, the only diagnosis, the place of service of the claim's other lines, units from documented minutes).
/// Nothing applies it but a person accepting it in the UI. <see cref="Why"/> says what determined the value.
/// </summary>
public sealed record ClaimFix(ClaimFixKind Kind, string Value, string Why, int? LineSequence = null)
{
    public static ClaimFix AttachAuthNumber(string number, string why) => new(ClaimFixKind.AttachAuthNumber, number, why);

    public static ClaimFix AddModifier(int line, string modifier, string why) => new(ClaimFixKind.AddModifier, modifier, why, line);

    public static ClaimFix SetDiagnosisPointers(int line, IEnumerable<int> pointers, string why) =>
        new(ClaimFixKind.SetDiagnosisPointers, string.Join(',', pointers), why, line);

    public static ClaimFix SetPlaceOfService(int line, string code, string why) => new(ClaimFixKind.SetPlaceOfService, code, why, line);

    public static ClaimFix SetUnits(int line, decimal units, string why) =>
        new(ClaimFixKind.SetUnits, units.ToString(CultureInfo.InvariantCulture), why, line);

    /// <summary>In words, e.g. "line 1: add modifier 25 (the note names a separately identifiable problem)".</summary>
    public string Describe()
    {
        var what = Kind switch
        {
            ClaimFixKind.AttachAuthNumber => $"attach authorization number {Value}",
            ClaimFixKind.AddModifier => $"add modifier {Value}",
            ClaimFixKind.SetDiagnosisPointers => $"point to diagnosis {Value}",
            ClaimFixKind.SetPlaceOfService => $"set place of service {Value}",
            ClaimFixKind.SetUnits => $"bill {Value} unit(s)",
            _ => Kind.ToString(),
        };
        return (LineSequence is { } line ? $"line {line}: " : "") + $"{what} ({Why})";
    }

    /// <summary>Applies the fix to <paramref name="claim"/> (a copy the caller owns) and returns what changed; empty when it was already so.</summary>
    public IReadOnlyList<ClaimChange> ApplyTo(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (Kind == ClaimFixKind.AttachAuthNumber)
        {
            var index = Math.Max(0, claim.Insurance.FindIndex(i => i.Focal == true));
            if (claim.Insurance.Count == 0)
            {
                throw new InvalidOperationException("The claim has no insurance to attach the authorization number to.");
            }
            var insurance = claim.Insurance[index];
            if (insurance.PreAuthRef.Contains(Value))
            {
                return [];
            }
            var before = Join(insurance.PreAuthRef);
            insurance.PreAuthRef = [.. insurance.PreAuthRef, Value];
            return [new ClaimChange($"Claim.insurance[{index}].preAuthRef", before, Join(insurance.PreAuthRef))];
        }

        var (item, i) = Line(claim);
        var path = $"Claim.item[{i}]";
        switch (Kind)
        {
            case ClaimFixKind.AddModifier:
                if (item.Modifier.Exists(m => m.Coding.Exists(c => string.Equals(c.Code, Value, StringComparison.OrdinalIgnoreCase))))
                {
                    return [];
                }
                var modifiersBefore = Join(item.Modifier.SelectMany(m => m.Coding).Select(c => c.Code));
                item.Modifier.Add(new CodeableConcept("http://www.ama-assn.org/go/cpt", Value));
                return [new ClaimChange(path + ".modifier", modifiersBefore, Join(item.Modifier.SelectMany(m => m.Coding).Select(c => c.Code)))];
            case ClaimFixKind.SetDiagnosisPointers:
                var pointers = Value.Split(',').Select(p => (int?)int.Parse(p, CultureInfo.InvariantCulture)).ToList();
                var pointersBefore = Join(item.DiagnosisSequence.Select(p => p?.ToString(CultureInfo.InvariantCulture)));
                if (pointersBefore == Value)
                {
                    return [];
                }
                item.DiagnosisSequence = pointers;
                return [new ClaimChange(path + ".diagnosisSequence", pointersBefore, Value)];
            case ClaimFixKind.SetPlaceOfService:
                var posBefore = (item.Location as CodeableConcept)?.Coding.FirstOrDefault()?.Code;
                if (posBefore == Value)
                {
                    return [];
                }
                item.Location = new CodeableConcept("https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set", Value);
                return [new ClaimChange(path + ".locationCodeableConcept", posBefore, Value)];
            case ClaimFixKind.SetUnits:
                var units = decimal.Parse(Value, CultureInfo.InvariantCulture);
                var unitsBefore = item.Quantity?.Value;
                if (unitsBefore == units)
                {
                    return [];
                }
                item.Quantity = new Quantity { Value = units };
                if (item.UnitPrice?.Value is { } price)
                {
                    // The line total follows the units at the same unit price.
                    item.Net = new Money { Value = price * units, Currency = item.UnitPrice.Currency };
                }
                return [new ClaimChange(path + ".quantity", unitsBefore?.ToString(CultureInfo.InvariantCulture), Value)];
            default:
                throw new InvalidOperationException($"Unknown fix kind {Kind}.");
        }
    }

    private (Claim.ItemComponent Item, int Index) Line(Claim claim)
    {
        var index = claim.Item.FindIndex(i => i.Sequence == LineSequence);
        return index < 0
            ? throw new InvalidOperationException($"The claim has no line {LineSequence}.")
            : (claim.Item[index], index);
    }

    private static string? Join(IEnumerable<string?> values)
    {
        var list = values.Where(v => !string.IsNullOrEmpty(v)).ToList();
        return list.Count == 0 ? null : string.Join(", ", list);
    }
}

/// <summary>One changed element of a corrected claim draft: its FHIRPath-like location and the values before and after (null = absent).</summary>
public sealed record ClaimChange(string Path, string? Before, string? After);
