using Microsoft.Extensions.Options;

namespace PhotoFlow.Notifications;

/// <summary>The options checked before the hub serves anyone, every problem named at once.</summary>
public static class StartChecks
{
    /// <summary>Runs each read of a validated options type; collects what each names.</summary>
    public static List<string> Problems(params Action[] reads)
    {
        ArgumentNullException.ThrowIfNull(reads);
        var problems = new List<string>();
        foreach (var read in reads)
        {
            try
            {
                read();
            }
            catch (OptionsValidationException error)
            {
                problems.AddRange(error.Failures);
            }
            // The binder's own message names the key and the value it could not convert.
            catch (InvalidOperationException error) when (error.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
            {
                problems.Add(error.Message);
            }
        }
        return problems;
    }
}
