using Microsoft.Data.Sqlite;

namespace FhirApp.SandboxEhr.Data;

/// <summary>A shared-cache in-memory SQLite database lives only while one connection stays open.</summary>
internal sealed class SqliteKeepAlive : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteKeepAlive()
    {
        ConnectionString = $"Data Source=sandbox-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        _connection = new SqliteConnection(ConnectionString);
        _connection.Open();
    }

    public string ConnectionString { get; }

    public void Dispose() => _connection.Dispose();
}
