using System.Diagnostics;
using System.Text;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>Collects the lines a child process writes to one stream (events arrive on pool threads).</summary>
internal sealed class LineCapture
{
    private readonly StringBuilder _text = new();

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public void Add(object? sender, DataReceivedEventArgs line)
    {
        if (line.Data is null)
        {
            return;
        }

        lock (_text)
        {
            _text.Append(line.Data).Append('\n');
        }
    }
}
