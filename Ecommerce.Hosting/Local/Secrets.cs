using System.Security.Cryptography;
using Ecommerce.Hosting.Model;

namespace Ecommerce.Hosting.Local;

/// <summary>
/// Values of secret parameters. A generated value is kept in the data folder (readable by its owner only)
/// when the resource keeps its data, since a database initialised with a password needs the same one next run.
/// </summary>
internal static class Secrets
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Punctuation = "-_.~!";

    public static string Resolve(ParameterResource parameter, string? keepIn)
    {
        if (keepIn is null)
        {
            return Generate(parameter);
        }

        var file = Path.Combine(keepIn, $"{parameter.Name}.secret");
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        Directory.CreateDirectory(keepIn);
        var value = Generate(parameter);
        File.WriteAllText(file, value);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return value;
    }

    private static string Generate(ParameterResource parameter)
    {
        var alphabet = parameter.Special ? Letters + Punctuation : Letters;
        return RandomNumberGenerator.GetString(alphabet, Math.Max(parameter.MinLength, 22));
    }
}
