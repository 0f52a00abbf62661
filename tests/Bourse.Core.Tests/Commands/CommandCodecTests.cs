using Bourse.Core.Commands;

namespace Bourse.Core.Tests.Commands;

public class CommandCodecTests
{
    [Fact]
    public void Every_command_of_a_random_flow_survives_encoding_unchanged()
    {
        var flow = new RandomFlow(5, listing: true);
        var buffer = new byte[4096];
        var commands = RandomFlow.Setup(listing: true).ToList();
        for (var i = 0; i < 5_000; i++)
        {
            commands.Add(flow.Next(i));
        }

        long sequence = 0;
        foreach (var original in commands)
        {
            var command = original.At(++sequence, 1_700_000_000_000 + sequence);
            var length = CommandCodec.Write(command, buffer);
            Assert.True(length <= CommandCodec.MaxLength(command));

            var decoded = CommandCodec.Read(buffer.AsSpan(0, length), command.Sequence);

            Assert.Equal(command, decoded);
        }
    }

    [Fact]
    public void Recipient_withdrawal_id_and_fee_tier_are_one_logged_field_read_back_under_each_name()
    {
        var buffer = new byte[256];
        var transfer = Command.Transfer(1, 42, 2, 100, "t").At(1, 1);
        var complete = Command.CompleteWithdrawal(42).At(2, 1);
        var tier = Command.SetUserFeeTier(1, 42).At(3, 1);

        // The three names share the one field log version 1 wrote for all of them, so their payloads carry the same bytes.
        var completeLength = CommandCodec.Write(complete, buffer);
        var completeBytes = buffer.AsSpan(0, completeLength).ToArray();
        var feeTierCommand = Command.SetFeeTier(42, 0, 0) with { Type = CommandType.CompleteWithdrawal };
        Assert.Equal(completeBytes, buffer.AsSpan(0, CommandCodec.Write(feeTierCommand.At(2, 1), buffer)).ToArray());

        Assert.Equal(42, CommandCodec.Read(buffer.AsSpan(0, CommandCodec.Write(transfer, buffer)), 1).RecipientUserId);
        Assert.Equal(42, CommandCodec.Read(completeBytes, 2).WithdrawalId);
        Assert.Equal(42, CommandCodec.Read(buffer.AsSpan(0, CommandCodec.Write(tier, buffer)), 3).FeeTier);
    }

    [Fact]
    public void A_limit_order_encodes_in_under_40_bytes()
    {
        var command = Command.Limit(123_456, 1, Model.Side.Buy, 3_000_012_000_000, 12_345_000).At(99, 1_763_900_000_000);

        Assert.True(CommandCodec.Write(command, new byte[256]) < 40);
    }

    [Fact]
    public void Strings_that_would_not_survive_the_log_exactly_cannot_be_encoded()
    {
        // Built here, not as theory data: the test runner would replace lone surrogates while serializing it.
        foreach (var clientOrderId in new[] { "a\uD800", "\uDC00b", "ok\uD800\uD800" })
        {
            Assert.False(CommandCodec.CanEncode(Command.Limit(1, 1, Model.Side.Buy, 1, 1, clientOrderId: clientOrderId)));
        }

        Assert.False(CommandCodec.CanEncode(Command.Deposit(1, 1, 1, new string('x', CommandCodec.MaxStringLength + 1))));
        Assert.False(CommandCodec.CanEncode(Command.CreateAsset(new AssetSpec(1, null!, 8))));
        Assert.True(CommandCodec.CanEncode(Command.Limit(1, 1, Model.Side.Buy, 1, 1, clientOrderId: "émoji-\uD83D\uDE00")));
    }

    [Fact]
    public void Truncated_or_foreign_bytes_are_refused()
    {
        var buffer = new byte[256];
        var length = CommandCodec.Write(Command.Deposit(1, 2, 3, "ref").At(1, 1), buffer);

        Assert.Throws<InvalidDataException>(() => CommandCodec.Read(buffer.AsSpan(0, length - 1), 1));
        Assert.Throws<InvalidDataException>(() => CommandCodec.Read([9, 1, 2], 1));
        Assert.Throws<InvalidDataException>(() => CommandCodec.Read([], 1));
    }
}
