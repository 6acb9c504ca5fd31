using System.Xml.Linq;
using FhirApp.Core.Data;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace FhirApp.Web.Smart;

/// <summary>
/// Data Protection key ring in AppDbContext. Hand-written (about 20 lines) instead of the EF Core key store package so
/// that Core's DbContext stays free of ASP.NET Core types.
/// </summary>
internal sealed class DatabaseXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return [.. db.DataProtectionKeys.Select(k => k.Xml).AsEnumerable().Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.DataProtectionKeys.Add(new StoredDataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
