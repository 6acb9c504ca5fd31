using System.Reflection;
using Xunit.Sdk;

namespace FhirApp.Core.Tests.Data;

/// <summary>A theory's data: each database engine the app supports, by provider name (SQLite, and PostgreSQL through FHIRAPP_PG).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EnginesAttribute : DataAttribute
{
    public static readonly IReadOnlyList<string> All = ["Sqlite", "PostgreSQL"];

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => All.Select(engine => new object[] { engine });
}
