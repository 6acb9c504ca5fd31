using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The audit trail of PHI reads and changes. Needs AddAppData and a TimeProvider.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddSingleton<AuditTrail>();
}
