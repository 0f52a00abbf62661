using Microsoft.AspNetCore.DataProtection;

namespace Bourse.Server.ApiKeys;

/// <summary>Data Protection keys kept in the data directory, so secrets encrypted by one run decrypt in the next.</summary>
public static class Protection
{
    public const string ApplicationName = "bourse";

    public static string KeyDirectory(string dataDirectory) => Path.Combine(dataDirectory, "protection-keys");

    public static IDataProtectionProvider For(string dataDirectory)
    {
        DataDirectory.CreatePrivateDirectory(KeyDirectory(dataDirectory));
        return DataProtectionProvider.Create(new DirectoryInfo(KeyDirectory(dataDirectory)), o => o.SetApplicationName(ApplicationName));
    }
}
