namespace FhirApp.Core.Remittance;

/// <summary>A file the drop folder refused: its name in <c>refused/</c>, when, and the reader's reasons (segment numbers and codes, never names or ids).</summary>
public sealed record RefusedRemittanceFile(string Name, DateTimeOffset RefusedAt, IReadOnlyList<string> Reasons);
