using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace CmlBot.DirectLine;

/// <summary>Errors in Direct Line's shape, <c>{"error":{"code","message"}}</c>, which DirectLineJS understands.</summary>
internal static class DirectLineError
{
    public static IResult Create(int status, string code, string message) =>
        Results.Json(new ErrorBody(new ErrorDetail(code, message)), statusCode: status);

    public static IResult BadArgument(string message) => Create(StatusCodes.Status400BadRequest, "BadArgument", message);
    public static IResult Forbidden(string message) => Create(StatusCodes.Status403Forbidden, "Forbidden", message);
    public static IResult TokenExpired() => Create(StatusCodes.Status403Forbidden, "TokenExpired", "Token expired");
    public static IResult NotFound(string message) => Create(StatusCodes.Status404NotFound, "BadArgument", message);
    public static IResult TooBig(string message) => Create(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", message);
    public static IResult TooMany(string message) => Create(StatusCodes.Status429TooManyRequests, "TooManyRequests", message);
    public static IResult Unavailable() => Create(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable",
        "Sorry, the chat service is briefly unavailable. Please try again in a moment.");

    internal sealed record ErrorBody([property: JsonPropertyName("error")] ErrorDetail Error);

    internal sealed record ErrorDetail([property: JsonPropertyName("code")] string Code, [property: JsonPropertyName("message")] string Message);
}
