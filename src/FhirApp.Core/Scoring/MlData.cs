using Microsoft.ML;
using Microsoft.ML.Data;

namespace FhirApp.Core.Scoring;

/// <summary>The ML.NET row shape shared by training and scoring: the feature vector, the label and the denial category.</summary>
internal sealed class FeatureRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }

    public string Category { get; set; } = "";

    /// <summary>Loads rows with the feature vector's size fixed, as the trainers require.</summary>
    public static IDataView Load(MLContext ml, IEnumerable<FeatureRow> rows)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, DenialFeatures.Count);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }
}
