using System.Buffers.Binary;
using System.IO.Hashing;

namespace Bourse.Journal.Tests;

public class LogBatchTests
{
    [Fact]
    public void Records_are_framed_with_checksum_length_batch_marks_and_consecutive_sequences()
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
            var marks = (i == 0 ? 0x4000_0000u : 0) | (i == payloads.Length - 1 ? 0x8000_0000u : 0);
            Assert.Equal((uint)payloads[i].Length | marks, BinaryPrimitives.ReadUInt32LittleEndian(record[4..]));
            Assert.Equal(41 + i, BinaryPrimitives.ReadInt64LittleEndian(record[8..]));
            Assert.Equal(Crc32.HashToUInt32(record.Slice(4, 12 + payloads[i].Length)), BinaryPrimitives.ReadUInt32LittleEndian(record));
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
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(batch.Framed[4..]) & 0x3FFF_FFFF);
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
    public void Record_alone_in_its_batch_both_starts_and_ends_it()
    {
        var batch = new LogBatch();
        batch.Reset(9);
        batch.Add("solo"u8);

        Assert.Equal(0xC000_0000u | 4, BinaryPrimitives.ReadUInt32LittleEndian(batch.Framed[4..]));
        Assert.Equal(Crc32.HashToUInt32(batch.Framed[4..]), BinaryPrimitives.ReadUInt32LittleEndian(batch.Framed));
    }

    [Fact]
    public void Adding_a_record_after_reading_the_framed_bytes_moves_the_end_of_batch_mark()
    {
        var batch = new LogBatch();
        batch.Reset(1);
        batch.Add("one"u8);
        batch.Add("two"u8);
        var before = batch.Framed.ToArray();
        batch.Add("three"u8);
        var framed = batch.Framed;

        Assert.Equal(0x8000_0000u | 3, BinaryPrimitives.ReadUInt32LittleEndian(before.AsSpan(19 + 4)));
        Assert.Equal(0x4000_0000u | 3, BinaryPrimitives.ReadUInt32LittleEndian(framed[4..]));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(framed[(19 + 4)..]));
        Assert.Equal(0x8000_0000u | 5, BinaryPrimitives.ReadUInt32LittleEndian(framed[(38 + 4)..]));
        for (var offset = 0; offset < framed.Length;)
        {
            var length = 16 + (int)(BinaryPrimitives.ReadUInt32LittleEndian(framed[(offset + 4)..]) & 0x3FFF_FFFF);
            Assert.Equal(Crc32.HashToUInt32(framed.Slice(offset + 4, length - 4)), BinaryPrimitives.ReadUInt32LittleEndian(framed[offset..]));
            offset += length;
        }
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
