namespace Bourse.Server.Http;

/// <summary>
/// Refuses a <c>/api/v1</c> path with a segment no route of ours can mean: whitespace or a control character anywhere,
/// or a leading <c>+</c>. ASP.NET Core's <c>{id:long}</c> constraint parses with the invariant culture's integer rules,
/// which allow surrounding whitespace and a sign, so <c>/users/1%0A</c> and <c>/users/+1</c> would otherwise act on user
/// 1 — an id the caller did not write. Answered 404 <c>not_found</c>, as an unknown resource is.
/// </summary>
public static class PlatformPathGuard
{
    public static IApplicationBuilder UsePlatformPathGuard(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase) && !IsPlain(path.Value!))
            {
                await ApiProblem.NotFound("resource").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }

    private static bool IsPlain(string path)
    {
        foreach (var segment in path.Split('/'))
        {
            if (segment.StartsWith('+') || segment.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                return false;
            }
        }

        return true;
    }
}
