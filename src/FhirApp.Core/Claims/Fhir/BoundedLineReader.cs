using System.Buffers;

namespace FhirApp.Core.Claims.Fhir;

/// <summary>
/// Splits a UTF-8 stream into lines on '\n' (a trailing '\r' dropped) without decoding it, keeping at most
/// <c>maxLineBytes</c> of a line. Hand-written because the BCL's line readers decode to strings and have no cap: a
/// runaway export line is consumed and measured here but never held in memory.
/// </summary>
internal sealed class BoundedLineReader(Stream stream, int maxLineBytes) : IDisposable
{
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private readonly ArrayBufferWriter<byte> _line = new();
    private int _start;
    private int _end;
    private bool _atEnd;

    /// <summary>The next line: its bytes, or null when it was longer than the cap; <paramref name="length"/> counts all its bytes.</summary>
    /// <returns>False when the stream has no more lines.</returns>
    public bool TryRead(out byte[]? line, out long length)
    {
        _line.ResetWrittenCount();
        length = 0;
        while (true)
        {
            if (_start == _end)
            {
                if (_atEnd || (_end = stream.Read(_buffer, 0, _buffer.Length)) == 0)
                {
                    _atEnd = true;
                    _start = _end = 0;
                    line = length == 0 ? null : Finish(length);
                    return length > 0;
                }

                _start = 0;
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var part = newline < 0 ? available : available[..newline];
            length += part.Length;
            if (length <= maxLineBytes)
            {
                _line.Write(part);
            }

            _start += newline < 0 ? part.Length : newline + 1;
            if (newline >= 0)
            {
                line = Finish(length);
                if (line is not null && line.Length > 0 && line[^1] == '\r')
                {
                    line = line[..^1];
                    length--;
                }

                return true;
            }
        }
    }

    private byte[]? Finish(long length) => length <= maxLineBytes ? _line.WrittenSpan.ToArray() : null;

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
