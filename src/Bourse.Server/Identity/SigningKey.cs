using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Bourse.Server.Identity;

/// <summary>
/// The key access tokens are signed with: 256 random bits made on first start and kept in the data directory,
/// encrypted with Data Protection, so tokens survive a restart. Several API nodes share it by sharing the data
/// directory's protection keys and this file.
/// </summary>
public static class SigningKey
{
    public static byte[] LoadOrCreate(string dataDirectory, IDataProtectionProvider protection)
    {
        ArgumentNullException.ThrowIfNull(protection);
        var protector = protection.CreateProtector("Bourse.AccessTokenKey.v1");
        var path = Path.Combine(dataDirectory, "access-token-key");
        if (File.Exists(path))
        {
            return protector.Unprotect(Convert.FromBase64String(File.ReadAllText(path)));
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = path + ".tmp";
        DataDirectory.WritePrivateText(temporary, Convert.ToBase64String(protector.Protect(key)));
        File.Move(temporary, path, overwrite: false);
        return key;
    }
}
