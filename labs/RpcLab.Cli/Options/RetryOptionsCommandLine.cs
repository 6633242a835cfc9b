using System.CommandLine;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Options;

/// <summary>
/// The retry options of a client verb (<c>call</c>): <c>--retries N</c>, <c>--backoff ...</c> (<see cref="BackoffSyntax"/>),
/// <c>--retry-on STATUS,...</c> and <c>--no-request-ids</c>, read into <see cref="RetryOptions"/>. The default table is in
/// <see cref="Table"/>, shown by <c>--help</c> and the README. Create one per command.
/// </summary>
public sealed class RetryOptionsCommandLine
{
    /// <summary>What is retried by default and why: the text of <c>--help</c> (the README has the same table).</summary>
    public const string Table =
        "By default (no --retry-on): Unavailable is retried only for idempotent methods (gets, lists, sums, echo, add, sort): "
        + "the client cannot know whether a create or a rename reached the server before the reply was lost. "
        + "ResourceExhausted is retried for every method, after the backoff: the server refused before doing any work. "
        + "DeadlineExceeded never: the deadline covers all attempts. Anything else never. "
        + "gRPC retries through its channel's service config, the other transports through Polly.";

    public Option<int?> Retries { get; } = new("--retries")
    {
        Description = "Retry a failed call up to N times (N + 1 attempts in all). " + Table,
        CustomParser = Commands.WholeNumber.Parser("--retries", 0, 4, "a number of retries from 0 to 4"),
    };

    public Option<string?> Backoff { get; } = new("--backoff")
    {
        Description = $"The wait before each retry, with --retries: {BackoffSyntax.Help}. Default 100ms,2x,max=5s,jitter.",
    };

    public Option<string[]> RetryOn { get; } = new("--retry-on")
    {
        Description = "Retry these statuses for every method, non-idempotent ones too (e.g. unavailable,resource-exhausted); with request ids the server answers a retry with the first reply.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<bool> NoRequestIds { get; } = new("--no-request-ids")
    {
        Description = "Send no request ids with non-idempotent calls: a retried create may then run twice (the lab's point).",
    };

    public RetryOptionsCommandLine()
    {
        Backoff.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0)
            {
                _ = BackoffSyntax.TryApply(new RetryOptions(), result.Tokens[0].Value, out var error);
                if (error is not null)
                {
                    result.AddError(error);
                }
            }
        });
        RetryOn.Validators.Add(result =>
        {
            foreach (var word in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries)))
            {
                if (ParseStatus(word) is null)
                {
                    result.AddError($"--retry-on: \"{word}\" is not a status (unavailable, resource-exhausted, aborted, ...)");
                }
            }
        });
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Retries);
        command.Options.Add(Backoff);
        command.Options.Add(RetryOn);
        command.Options.Add(NoRequestIds);
    }

    /// <summary>The retry options the command line asks for; null without <c>--retries</c> (or with 0).</summary>
    public RetryOptions? GetRetry(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (parseResult.GetValue(Retries) is not ({ } retries and > 0))
        {
            return null;
        }

        var options = new RetryOptions { MaxAttempts = retries + 1, AtMostOnce = !parseResult.GetValue(NoRequestIds) };
        if (parseResult.GetValue(Backoff) is { } backoff)
        {
            options = BackoffSyntax.TryApply(options, backoff, out _) ?? options;
        }

        var statuses = (parseResult.GetValue(RetryOn) ?? [])
            .SelectMany(word => word.Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Select(word => ParseStatus(word)!.Value)
            .ToHashSet();
        return statuses.Count > 0 ? options with { RetryableStatuses = statuses } : options;
    }

    /// <summary>A status by its name in any case, with or without dashes and underscores (resource-exhausted, RESOURCE_EXHAUSTED).</summary>
    private static RpcStatusCode? ParseStatus(string word) =>
        Enum.TryParse<RpcStatusCode>(word.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var status)
        && Enum.IsDefined(status) && !int.TryParse(word, out _)
            ? status
            : null;
}
