using System.Text;

namespace RpcLab.Seminar;

/// <summary>A <see cref="TextWriter"/> that hands each complete line to a <see cref="TerminalLog"/>. Thread-safe.</summary>
public sealed class LineWriter(TerminalLog log) : TextWriter
{
    private readonly StringBuilder _pending = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_pending)
        {
            if (value == '\n')
            {
                log.Add(_pending.ToString().TrimEnd('\r'));
                _pending.Clear();
            }
            else
            {
                _pending.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        lock (_pending)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_pending)
        {
            Write(value);
            Write('\n');
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (_pending)
        {
            if (_pending.Length > 0)
            {
                log.Add(_pending.ToString());
                _pending.Clear();
            }
        }

        base.Dispose(disposing);
    }
}
