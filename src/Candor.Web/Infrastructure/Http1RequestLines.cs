using System.Globalization;
using System.Text;

namespace Candor.Web.Infrastructure;

/// <summary>
/// Follows an HTTP/1.x request stream (request line, headers, Content-Length or chunked body) just far enough to
/// know where each request line is, and rewrites <c>%00</c> in its path to <c>%7F</c>. Fed in pieces of any size.
/// </summary>
public sealed class Http1RequestLines
{
    /// <summary>The most bytes one call can hold back for the next (a '%' or "%0" at the end of a piece).</summary>
    public const int MaxHeldBack = 2;

    private const int MaxLine = 256;
    private const int MaxMethod = 16;

    private enum State { RequestLine, Method, Path, Percent, PercentZero, Query, Version, Header, Body, ChunkSize, ChunkData, ChunkEnd, Trailer, PassThrough }

    private State _state = State.RequestLine;
    private readonly byte[] _line = new byte[MaxLine];
    private int _lineLength;
    private bool _lineOverflow;
    private int _methodLength;
    private bool _connect;
    private long? _contentLength;
    private bool _transferEncoding;
    private bool _chunked;
    private bool _upgrade;
    private long _remaining;

    public int Rewrite(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var written = 0;
        var i = 0;
        while (i < source.Length)
        {
            if (_state is State.PassThrough or State.Body or State.ChunkData)
            {
                var count = _state == State.PassThrough ? source.Length - i : (int)Math.Min(_remaining, source.Length - i);
                source.Slice(i, count).CopyTo(destination[written..]);
                i += count;
                written += count;
                _remaining -= count;
                if (_state != State.PassThrough && _remaining == 0)
                {
                    _state = _state == State.Body ? State.RequestLine : State.ChunkEnd;
                    _lineLength = 0;
                }
                continue;
            }

            var b = source[i];
            switch (_state)
            {
                case State.Percent:
                    if (b == '0')
                    {
                        _state = State.PercentZero;
                        i++;
                        continue;
                    }
                    destination[written++] = (byte)'%';
                    _state = State.Path;
                    continue; // This byte is read again as part of the path.
                case State.PercentZero:
                    if (b == '0')
                    {
                        "%7F"u8.CopyTo(destination[written..]);
                        written += 3;
                        _state = State.Path;
                        i++;
                        continue;
                    }
                    "%0"u8.CopyTo(destination[written..]);
                    written += 2;
                    _state = State.Path;
                    continue;
                case State.Path when b == '%':
                    _state = State.Percent;
                    i++;
                    continue;
            }

            destination[written++] = b;
            i++;
            Observe(b);
        }
        return written;
    }

    private void Observe(byte b)
    {
        switch (_state)
        {
            case State.RequestLine:
                _methodLength = 0;
                _connect = false;
                _contentLength = null;
                _transferEncoding = _chunked = _upgrade = false;
                _state = State.Method;
                Method(b);
                break;
            case State.Method:
                Method(b);
                break;
            case State.Path:
                _state = b switch { (byte)'?' => State.Query, (byte)' ' => State.Version, < 0x21 or 0x7F => State.PassThrough, _ => State.Path };
                _lineLength = 0;
                break;
            case State.Query:
                _state = b switch { (byte)' ' => State.Version, < 0x21 or 0x7F => State.PassThrough, _ => State.Query };
                _lineLength = 0;
                break;
            case State.Version or State.Header or State.ChunkSize or State.ChunkEnd or State.Trailer:
                Line(b);
                break;
        }
    }

    private void Method(byte b)
    {
        if (b == ' ')
        {
            _state = _methodLength > 0 ? State.Path : State.PassThrough;
            _connect = _methodLength == 7 && _line.AsSpan(0, 7).SequenceEqual("CONNECT"u8);
            _lineLength = 0;
            return;
        }
        if (b is < (byte)'A' or > (byte)'Z' || _methodLength == MaxMethod)
        {
            _state = State.PassThrough;
            return;
        }
        _line[_methodLength++] = b;
    }

    private void Line(byte b)
    {
        if (b != '\n')
        {
            if (_lineLength < MaxLine)
            {
                _line[_lineLength++] = b;
            }
            else
            {
                _lineOverflow = true;
            }
            return;
        }
        if (_lineLength == 0 || _line[_lineLength - 1] != '\r' || _lineOverflow)
        {
            _state = State.PassThrough; // A bare LF or a line longer than anything followed here: Kestrel decides.
            return;
        }
        var line = _line.AsSpan(0, _lineLength - 1);
        _lineLength = 0;
        _state = _state switch
        {
            State.Version => line.SequenceEqual("HTTP/1.1"u8) || line.SequenceEqual("HTTP/1.0"u8) ? State.Header : State.PassThrough,
            State.Header => line.IsEmpty ? AfterHeaders() : Header(line),
            State.ChunkSize => ChunkSize(line),
            State.ChunkEnd => line.IsEmpty ? State.ChunkSize : State.PassThrough,
            _ => line.IsEmpty ? State.RequestLine : State.Trailer,
        };
    }

    private State Header(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t')
        {
            return State.PassThrough;
        }
        var name = line[..colon];
        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!long.TryParse(value, NumberStyles.None, null, out var length) || _contentLength is { } earlier && earlier != length)
            {
                return State.PassThrough;
            }
            _contentLength = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            _transferEncoding = true;
            var last = value.LastIndexOf((byte)',');
            _chunked = Ascii.EqualsIgnoreCase(value[(last + 1)..].Trim(" \t"u8), "chunked"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Upgrade"u8))
        {
            _upgrade = true;
        }
        return State.Header;
    }

    private State AfterHeaders()
    {
        if (_connect || _upgrade || _transferEncoding && !_chunked)
        {
            return State.PassThrough; // The bytes that follow are another protocol's, or Kestrel refuses the request.
        }
        if (_transferEncoding)
        {
            return State.ChunkSize;
        }
        _remaining = _contentLength ?? 0;
        return _remaining > 0 ? State.Body : State.RequestLine;
    }

    private State ChunkSize(ReadOnlySpan<byte> line)
    {
        var extension = line.IndexOf((byte)';');
        var digits = extension >= 0 ? line[..extension] : line;
        if (digits.IsEmpty || digits.Length > 15 || !long.TryParse(digits, NumberStyles.AllowHexSpecifier, null, out var size))
        {
            return State.PassThrough;
        }
        _remaining = size;
        return size == 0 ? State.Trailer : State.ChunkData;
    }
}
