namespace Candor.Web.Infrastructure;

/// <summary>1-based page number and size from query parameters, clamped to sane bounds.</summary>
public readonly record struct Paging(int Number, int Size)
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    public int Skip => (Number - 1) * Size;

    public static Paging From(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        if (page is < 1)
        {
            errors.Add("page", "The field 'page' must be 1 or more.");
        }
        if (pageSize is < 1 or > MaxSize)
        {
            errors.Add("page_size", $"The field 'page_size' must be between 1 and {MaxSize}.");
        }
        errors.ThrowIfAny();
        return new Paging(page ?? 1, pageSize ?? DefaultSize);
    }
}

/// <summary>A page of results with the total, so clients can render "41–60 of 312".</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
