using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;
using PhotoFlow.Notifications;

var builder = WebApplication.CreateBuilder(args);
// The framework's request logs print URLs, and a browser's hub URLs carry ?access_token=.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
// Data protection comes with authentication but protects nothing here (no cookies).
builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:5090");

// The hub's settings (secrets, origins, backplane) and how events reach clients: options
// read from the environment, each checked at start with every problem named (HubSettings.cs,
// DeliveryOptions.cs); what needs them reads them through IOptions once they are valid.
builder.Services.AddOptions<HubSettings>().Bind(builder.Configuration).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<HubSettings>, HubSettingsValidation>();
builder.Services.AddOptions<DeliveryOptions>().Bind(builder.Configuration).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidation>();
builder.Services.AddOptions<HubOptions>().Configure<IOptions<DeliveryOptions>>((hub, delivery) =>
    hub.StatefulReconnectBufferSize = delivery.Value.StatefulReconnectBufferBytes);
builder.Services
    .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer();
builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
    .Configure<IOptions<HubSettings>>((options, hubSettings) =>
    {
        var settings = hubSettings.Value;
        // The dev backend's claims as they are: `sub`, `name`, `role`, `org_id`.
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(settings.SigningKey),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidIssuer = settings.Issuer.Trim(),
            ValidAudience = settings.Audience.Trim(),
            ClockSkew = settings.ClockSkew,
            NameClaimType = "name",
            RoleClaimType = "role",
        };
        options.Events = new JwtBearerEvents
        {
            // Browsers cannot put headers on a WebSocket or an EventSource, so the hub's
            // requests (and only those) may carry the token in the query string.
            OnMessageReceived = context =>
            {
                var token = context.Request.Query["access_token"].ToString();
                if (token.Length > 0 && context.Request.Path.StartsWithSegments(NotificationHub.Path))
                    context.Token = token;
                return Task.CompletedTask;
            },
        };
    });
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(Policies.Photographer, policy => policy.RequireRole("photographer", "org_admin"))
    .AddPolicy(Policies.Admin, policy => policy.RequireRole("org_admin"));

// The app is on another origin (as in PhotoFlow's environments) and sends credentials.
builder.Services.AddCors();
builder.Services.AddOptions<CorsOptions>().Configure<IOptions<HubSettings>>((options, settings) =>
    options.AddDefaultPolicy(policy => policy.WithOrigins(settings.Value.CorsOrigins)
        .AllowAnyHeader().AllowAnyMethod().AllowCredentials()));

var signalR = builder.Services
    .AddSignalR()
    .AddJsonProtocol(options => EventFormats.Configure(options.PayloadSerializerOptions))
    .AddMessagePackProtocol(options => options.SerializerOptions =
        options.SerializerOptions.WithResolver(EventFormats.MessagePack(options.SerializerOptions.Resolver)));

// Whether there is a backplane decides which services there are, so it is read here, at
// composition; its value is checked with the rest at start, before the hub serves anyone.
var redis = new HubSettings { RedisConnectionText = builder.Configuration["REDIS_CONNECTION"] }.RedisConnection;
var backplane = new Backplane(configured: redis is not null);
builder.Services.AddSingleton(backplane);
if (redis is not null)
{
    // Several instances behind a load balancer with session affinity: groups and sends go
    // through Redis, so an event published to one instance reaches clients on every one.
    signalR.AddStackExchangeRedis(redis, options =>
    {
        // Only this hub's instances share the channels, whatever else uses the same Redis.
        options.Configuration.ChannelPrefix = RedisChannel.Literal("photoflow-hub");
        // Start, and keep reconnecting, while Redis is away; /health says when it is back.
        options.Configuration.AbortOnConnectFail = false;
        options.Configuration.ReconnectRetryPolicy = new LinearRetry(500);
        options.ConnectionFactory = async writer =>
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(options.Configuration, writer);
            backplane.Watch(connection);
            return connection;
        };
    });
}

builder.Services.AddSingleton<ConnectionRegistry>();
builder.Services.AddSingleton<AlbumFanOut>();
builder.Services.AddSingleton<AlbumBus>();
builder.Services.AddSingleton<BatchLedger>();
builder.Services.AddSingleton<NotificationService>();
builder.Services.AddSingleton<INotificationService>(services => services.GetRequiredService<NotificationService>());
builder.Services.AddHealthChecks().AddCheck<BackplaneHealthCheck>("backplane");
builder.Services.AddHttpClient<AlbumAccess>((services, client) =>
{
    client.BaseAddress = services.GetRequiredService<IOptions<HubSettings>>().Value.PhotoFlowApiUrl;
    client.Timeout = TimeSpan.FromSeconds(10);
});

var app = builder.Build();
// ValidateOnStart would check them as the host starts, one options type at a time, with a
// stack trace; here every problem of both is named at once, before anything uses them.
var problems = StartChecks.Problems(
    () => _ = app.Services.GetRequiredService<IOptions<HubSettings>>().Value,
    () => _ = app.Services.GetRequiredService<IOptions<DeliveryOptions>>().Value);
if (problems.Count > 0)
{
    Console.Error.WriteLine("Invalid configuration:\n  " + string.Join("\n  ", problems));
    return 1;
}
app.UseCors();
app.UseBackplane();
app.UseAuthentication();
app.UseAuthorization();
app.Use((context, next) => context.Request.Path.StartsWithSegments(NotificationHub.Path)
    ? context.RequestServices.GetRequiredService<ConnectionRegistry>().TrackAsync(context, next)
    : next());

app.MapHub<NotificationHub>(NotificationHub.Path, options => options.AllowStatefulReconnects = true);
app.MapInternalEndpoints();

app.Run();
return 0;
