using Aspire.Hosting.ApplicationModel;
using Ecommerce.Hosting.Redis;

namespace Aspire.Hosting;

public static class RedisAppendOnlyFileExtensions
{
    /// <summary>
    /// Redis writes every change to its append-only file before it answers (and syncs the file to disk every second),
    /// and replays the file when it starts: a server killed (OOM, an eviction) comes back with every acknowledged write,
    /// where Aspire's persistence alone (<c>--save</c> snapshots) loses the writes since the last snapshot. Keep the
    /// file with <c>WithDataVolume()</c>.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithAppendOnlyFile(this IResourceBuilder<RedisResource> builder) => builder
        .WithAnnotation(new RedisAppendOnlyFileAnnotation(), ResourceAnnotationMutationBehavior.Replace)
        .WithArgs(context =>
        {
            // AddRedis passes redis-server's options as one shell command (after "-c") when it publishes, as separate
            // arguments when it runs: the option joins whichever it finds.
            var script = context.Args.IndexOf("-c");
            if (script >= 0 && script + 1 < context.Args.Count && context.Args[script + 1] is string command)
            {
                context.Args[script + 1] = command + " --appendonly yes";
            }
            else
            {
                context.Args.Add("--appendonly");
                context.Args.Add("yes");
            }
        });
}
