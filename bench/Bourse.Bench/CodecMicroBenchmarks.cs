using BenchmarkDotNet.Attributes;
using Bourse.Core.Commands;
using Bourse.Core.Model;

namespace Bourse.Bench;

/// <summary>Encoding and decoding a command for the log. Run: ... -- micro --filter '*Codec*'</summary>
[MemoryDiagnoser]
public class CodecMicroBenchmarks
{
    private readonly byte[] _buffer = new byte[256];
    private readonly Command _command = Command.Limit(123_456, 1, Side.Buy, 3_000_012_000_000, 12_345_000).At(99, 1_763_900_000_000);
    private int _length;

    [GlobalSetup]
    public void Setup() => _length = CommandCodec.Write(_command, _buffer);

    [Benchmark]
    public int Encode_limit_order() => CommandCodec.Write(_command, _buffer);

    [Benchmark]
    public long Decode_limit_order() => CommandCodec.Read(_buffer.AsSpan(0, _length), 99).Price;
}
