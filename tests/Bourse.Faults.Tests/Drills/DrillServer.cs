using System.Collections.Concurrent;
using System.Text.Json;

namespace Bourse.Faults.Tests.Drills;

/// <summary>
/// The drill's server: a real <c>bourse</c> process on a data directory that outlives it. A kill and restart brings a
/// new process on a new port; until it is ready, requests go to a closed port (so they are lost, never sent to
/// whatever else may take the old port). Every answer the clients get passes through here, so a drill can assert that
/// no fault ever produced a 500.
/// </summary>
public sealed class DrillServer : IAsyncDisposable
{
    private static readonly Uri Closed = new("http://127.0.0.1:1");
    private readonly string[] _args;
    private readonly ConcurrentQueue<string> _serverErrors = new();
    private ServerProcess _process;
    private volatile Uri _address;
    private long _lost;

    private DrillServer(string dataDirectory, string[] args, ServerProcess process)
    {
        DataDirectory = dataDirectory;
        _args = args;
        _process = process;
        _address = process.BaseAddress;
    }

    public string DataDirectory { get; }

    public Uri Address => _address;

    public ServerProcess Process => _process;

    /// <summary>Requests that got no answer at all (refused, reset, timed out).</summary>
    public long LostAnswers => Interlocked.Read(ref _lost);

    /// <summary>Every 500 any client got, with its request: none is acceptable, fault or not.</summary>
    public IReadOnlyCollection<string> ServerErrors => _serverErrors;

    public static async Task<DrillServer> StartAsync(string dataDirectory, params string[] args) =>
        new(dataDirectory, args, await ServerProcess.StartAsync(dataDirectory, args));

    /// <summary>SIGKILL, then a new process on the same data directory; returns once it is ready again.</summary>
    public async Task KillAndRestartAsync()
    {
        _address = Closed;
        _process.Kill();
        await _process.DisposeAsync();
        _process = await ServerProcess.StartAsync(DataDirectory, _args);
        _address = _process.BaseAddress;
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();

    /// <summary>The server's own log, for a failure message.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _process.Output.Split('\n').TakeLast(lines));

    internal void Record(Answer answer, HttpRequestMessage request)
    {
        if (answer.Status == 500)
        {
            _serverErrors.Enqueue($"{request.Method} {request.RequestUri?.AbsolutePath}: {answer.Text}");
        }
    }

    internal void RecordLost() => Interlocked.Increment(ref _lost);

    /// <summary>The demo users' API keys and passwords, as demo mode wrote them to the data directory.</summary>
    public async Task<(DrillClient Alice, DrillClient Bob)> DemoClientsAsync(TimeSpan timeout)
    {
        var keys = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(DataDirectory, "demo-credentials.json")));
        var accounts = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(DataDirectory, "demo-accounts.json")));
        async Task<DrillClient> Client(string name)
        {
            var key = keys.EnumerateArray().Single(k => k.GetProperty("user").GetString() == name);
            var account = accounts.EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);
            var client = new DrillClient(this, timeout)
            {
                Name = name,
                Email = account.GetProperty("email").GetString()!,
                Password = account.GetProperty("password").GetString()!,
                ApiKey = key.GetProperty("apiKey").GetString()!,
                Secret = key.GetProperty("secretKey").GetString()!,
            };

            // Signing in hashes a password: the one request a short-tempered client must not time out on.
            using var patient = client.WithTimeout(TimeSpan.FromSeconds(30));
            var login = await patient.LoginAsync();
            Assert.True(login.Status == 200, $"{name} signs in: {login}");
            client.AccessToken = login.Field("accessToken");
            return client;
        }

        return (await Client("alice"), await Client("bob"));
    }
}
