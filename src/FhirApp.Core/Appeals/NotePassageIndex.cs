using FhirApp.Core.Scrubbing.Rules;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace FhirApp.Core.Appeals;

/// <summary>
/// One claim's notes split into sentences and indexed in memory with Lucene.Net (BM25, English stemming), so a
/// criterion's query ranks the sentences most likely to answer it. Built per claim and thrown away: notes are PHI
/// and the app keeps no copies of them.
/// </summary>
internal sealed class NotePassageIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly RAMDirectory _directory = new();
    private readonly Analyzer _analyzer = new EnglishAnalyzer(Version);
    private readonly List<NotePassage> _passages = [];
    private readonly DirectoryReader? _reader;
    private readonly IndexSearcher? _searcher;

    public NotePassageIndex(IEnumerable<NoteText> notes)
    {
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity() }))
        {
            foreach (var note in notes)
            {
                var sentences = NoteEvidence.Sentences(note.Text).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
                for (var i = 0; i < sentences.Count; i++)
                {
                    writer.AddDocument(new Document
                    {
                        new StoredField("n", _passages.Count),
                        new TextField("text", sentences[i], Field.Store.NO),
                    });
                    _passages.Add(new NotePassage(note, i, sentences[i], i + 1 < sentences.Count ? sentences[i + 1] : null));
                }
            }

            writer.Commit();
        }

        if (_passages.Count > 0)
        {
            _reader = DirectoryReader.Open(_directory);
            _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        }
    }

    /// <summary>The passages best matching the words, best first.</summary>
    public IReadOnlyList<NotePassage> Search(string words, int top)
    {
        if (_searcher is null)
        {
            return [];
        }

        var query = new BooleanQuery();
        foreach (var term in Terms(words).Distinct(StringComparer.Ordinal))
        {
            query.Add(new TermQuery(new Term("text", term)), Occur.SHOULD);
        }

        if (query.Clauses.Count == 0)
        {
            return [];
        }

        return _searcher.Search(query, top).ScoreDocs
            .Select(hit => _passages[_searcher.Doc(hit.Doc).GetField("n").GetInt32Value()!.Value])
            .ToList();
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    // The same analyzer as the index, so "failed" finds "fail" and "therapy" finds "therapies".
    private List<string> Terms(string words)
    {
        var terms = new List<string>();
        using var stream = _analyzer.GetTokenStream("text", words);
        var attribute = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(attribute.ToString());
        }

        stream.End();
        return terms;
    }
}

/// <summary>A note's readable text with what a citation needs: its id, date and author.</summary>
internal sealed record NoteText(string DocumentId, DateOnly? Date, string? Author, string Text);

/// <summary>One sentence of a note, and the sentence after it (a start time and an end time may sit on two lines).</summary>
internal sealed record NotePassage(NoteText Note, int Index, string Sentence, string? Next);
