namespace Bourse.Server.Tests.Email;

public sealed record SmtpLogin(string User, string Password);
