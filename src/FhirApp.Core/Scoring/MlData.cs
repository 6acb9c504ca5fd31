using Microsoft.ML;
using Microsoft.ML.Data;

namespace FhirApp.Core.Scoring;

/// <summary>The ML.NET row shape shared by training and scoring: the feature vector, the label and the denial category.</summary>
internal sealed class FeatureRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }

    public string Category { get; set; } = "";

    /// <summary>The example's weight in the denial model's training: 1, or more for a biller's confirmed override.</summary>
    public float Weight { get; set; } = 1;

    /// <summary>Loads rows with the feature vector's size fixed, as the trainers require.</summary>
    public static IDataView Load(MLContext ml, IEnumerable<FeatureRow> rows)
    {
        return ml.Data.LoadFromEnumerable(rows, Schema());
    }

    /// <summary>The input schema with the feature vector's size fixed.</summary>
    public static SchemaDefinition Schema()
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, DenialFeatures.Count);
        return schema;
    }
}

/// <summary>What the denial model gives for one row: the calibrated probability and the per-feature contributions.</summary>
internal sealed class DenialOutput
{
    public float Probability { get; set; }

    public float[] FeatureContributions { get; set; } = [];
}

/// <summary>What the reason model gives for one row: one probability per class, in <see cref="ModelCard.ReasonClasses"/> order.</summary>
internal sealed class ReasonOutput
{
    public float[] Score { get; set; } = [];
}
