using System.Buffers.Binary;
using System.IO.Hashing;

namespace Bourse.Journal.Tests;

public class LogBatchTests
{
    [Fact]
    public void Records_are_framed_with_length_checksum_and_consecutive_sequences()
    {
        var batch = new LogBatch();
        batch.Reset(41);
        batch.Add("a"u8);
        batch.Add("bc"u8);
        batch.Add([]);

        Assert.Equal(41, batch.FirstSequence);
        Assert.Equal(3, batch.Count);
        Assert.Equal((3 * 16) + 3, batch.Length);

        var framed = batch.Framed;
        var offset = 0;
        byte[][] payloads = ["a"u8.ToArray(), "bc"u8.ToArray(), []];
        for (var i = 0; i < payloads.Length; i++)
        {
            var record = framed[offset..];
            Assert.Equal(payloads[i].Length, BinaryPrimitives.ReadInt32LittleEndian(record));
            Assert.Equal(41 + i, BinaryPrimitives.ReadInt64LittleEndian(record[8..]));
            Assert.Equal(Crc32.HashToUInt32(record.Slice(8, 8 + payloads[i].Length)), BinaryPrimitives.ReadUInt32LittleEndian(record[4..]));
            Assert.True(record.Slice(16, payloads[i].Length).SequenceEqual(payloads[i]));
            offset += 16 + payloads[i].Length;
        }
    }

    [Fact]
    public void Record_may_use_less_than_the_space_it_reserved()
    {
        var batch = new LogBatch();
        batch.Reset(1);
        var space = batch.BeginRecord(100);
        "xyz"u8.CopyTo(space);
        batch.EndRecord(3);
        batch.Add("next"u8);

        Assert.Equal(16 + 3 + 16 + 4, batch.Length);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(batch.Framed));
        Assert.Equal(2, BinaryPrimitives.ReadInt64LittleEndian(batch.Framed[(16 + 3 + 8)..]));
    }

    [Fact]
    public void Batch_grows_past_its_initial_capacity()
    {
        var batch = new LogBatch(initialCapacityBytes: 32);
        batch.Reset(7);
        for (var i = 0; i < 500; i++) batch.Add(TestLog.Payload(7 + i, 50));

        Assert.Equal(500, batch.Count);
        Assert.Equal(500 * 66, batch.Length);
        var last = batch.Framed[(499 * 66)..];
        Assert.Equal(506, BinaryPrimitives.ReadInt64LittleEndian(last[8..]));
        Assert.True(last[16..].SequenceEqual(TestLog.Payload(506, 50)));
    }

    [Fact]
    public void Reset_empties_the_batch_and_renumbers_it()
    {
        var batch = new LogBatch();
        batch.Reset(1);
        batch.Add("one"u8);
        batch.Reset(10);

        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.Length);
        Assert.Equal(10, batch.NextSequence);
        Assert.True(batch.Framed.IsEmpty);
    }

    [Fact]
    public void Unfinished_record_is_not_part_of_the_framed_bytes()
    {
        var batch = new LogBatch();
        batch.Reset(1);
        batch.Add("done"u8);
        _ = batch.BeginRecord(10);

        Assert.Equal(1, batch.Count);
        Assert.Equal(20, batch.Framed.Length);
    }

    [Fact]
    public void EndRecord_without_BeginRecord_throws()
    {
        var batch = new LogBatch();
        Assert.Throws<InvalidOperationException>(() => batch.EndRecord(0));
        batch.Add("x"u8);
        Assert.Throws<InvalidOperationException>(() => batch.EndRecord(0));
    }

    [Fact]
    public void EndRecord_longer_than_the_reserved_space_throws()
    {
        var batch = new LogBatch();
        _ = batch.BeginRecord(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.EndRecord(5));
    }

    [Fact]
    public void Payload_larger_than_the_maximum_is_refused()
    {
        var batch = new LogBatch();
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.BeginRecord(LogBatch.MaxPayloadLength + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Reset(0));
    }
}
