using Microsoft.EntityFrameworkCore;

namespace FhirApp.SandboxEhr.Data;

/// <summary>Holds only OpenIddict's tables (applications, authorizations, tokens).</summary>
internal sealed class SandboxDbContext(DbContextOptions<SandboxDbContext> options) : DbContext(options);
