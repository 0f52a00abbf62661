namespace Bourse.Core.Accounts;

/// <summary>
/// Accounts by user id. Identity assigns user ids densely from 1, so most live in an array indexed by id — one memory
/// access instead of a hash lookup on every order and fill. System accounts (negative ids) and outliers use a map.
/// </summary>
internal sealed class AccountTable
{
    // Up to a million users in the array (8 MB of references at most); ids beyond go to the map.
    private const long DenseLimit = 1 << 20;

    private Account?[] _dense = new Account?[1024];
    private readonly Dictionary<long, Account> _sparse = [];

    public int Count { get; private set; }

    public Account? Find(long userId)
    {
        if ((ulong)userId < (ulong)_dense.Length)
        {
            return _dense[userId];
        }

        return userId is >= 0 and < DenseLimit ? null : _sparse.GetValueOrDefault(userId);
    }

    public Account GetOrAdd(long userId, int assetSlots)
    {
        if (Find(userId) is { } existing)
        {
            return existing;
        }

        var account = new Account(userId, assetSlots);
        if (userId is >= 0 and < DenseLimit)
        {
            if (userId >= _dense.Length)
            {
                Array.Resize(ref _dense, (int)Math.Min(DenseLimit, Math.Max(userId + 1, _dense.Length * 2L)));
            }

            _dense[userId] = account;
        }
        else
        {
            _sparse.Add(userId, account);
        }

        Count++;
        return account;
    }

    /// <summary>Every account, in user id order.</summary>
    public IEnumerable<Account> All
    {
        get
        {
            // Sparse ids are the negative system accounts and ids past the dense range: they go before and after it.
            var sparse = _sparse.Values.OrderBy(a => a.UserId).ToList();
            return sparse.Where(a => a.UserId < 0)
                .Concat(_dense.Where(a => a is not null).Select(a => a!))
                .Concat(sparse.Where(a => a.UserId >= 0));
        }
    }
}
