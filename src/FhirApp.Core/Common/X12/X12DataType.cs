namespace FhirApp.Core.Common.X12;

/// <summary>X12 simple data element types, plus composite.</summary>
internal enum X12DataType
{
    /// <summary>String.</summary>
    AN,

    /// <summary>Identifier (a code).</summary>
    ID,

    /// <summary>Decimal number; its length counts digits only.</summary>
    R,

    /// <summary>Integer.</summary>
    N0,

    /// <summary>Date, CCYYMMDD (or YYMMDD when the maximum is 6).</summary>
    DT,

    /// <summary>Time, HHMM[SS[D[D]]].</summary>
    TM,

    /// <summary>Components separated by the component separator.</summary>
    Composite,
}
