using Microsoft.Extensions.Options;

namespace Candor.Web.Infrastructure.Blobs;

public static class BlobServices
{
    /// <summary>The blob store Candor:Blobs:Provider names: <c>local</c> (default) or <c>s3</c>.</summary>
    public static IServiceCollection AddBlobStore(this IServiceCollection services)
    {
        services.AddOptions<BlobOptions>().BindConfiguration(BlobOptions.Section);
        services.AddSingleton<IBlobStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<BlobOptions>>();
            return options.Value.Provider.Trim().ToLowerInvariant() switch
            {
                "local" or "" => new LocalFolderBlobStore(options, provider.GetRequiredService<IHostEnvironment>()),
                "s3" => new S3BlobStore(options),
                var other => throw new InvalidOperationException($"Candor:Blobs:Provider '{other}' is not known; use local or s3."),
            };
        });
        return services;
    }
}
