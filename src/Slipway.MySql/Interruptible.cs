using System.Globalization;
using System.Net.Sockets;
using MySqlConnector;

namespace Slipway.MySql;

/// <summary>
/// Runs the driver calls of one connection so that a cancellation interrupts the statement the server is
/// running: with <c>KILL QUERY</c> sent over a connection of its own, never through the driver's own
/// cancellation.
/// </summary>
/// <remarks>
/// MySqlConnector cancels from the thread that cancels the token, opening its connection and waiting for
/// the server there, and the cancelled call's completion waits for that to finish. When the runtime runs
/// socket completions on its socket thread (the command line does for MySQL), that completion and the
/// cancel's own reads both need the one thread, and the run never stops. Here the cancellation only starts
/// the kill and returns. The call ends with the server's "query interrupted", which becomes the
/// cancellation again; and before the connection is used again the kill has arrived, and a kill that found
/// the session idle (MySQL keeps it for the next statement) is spent on <c>DO SLEEP(0)</c>.
/// A call given a token that cannot be cancelled runs as it is: that is how a statement allowed to finish is sent.
/// </remarks>
internal sealed class Interruptible(MySqlConnection connection, string connectionString)
{
    public MySqlConnection Connection => connection;

    public async Task RunAsync(Func<Task> call, CancellationToken cancellationToken) =>
        await RunAsync(async () =>
        {
            await call();
            return true;
        }, cancellationToken);

    public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!cancellationToken.CanBeCanceled)
        {
            return await call();
        }

        var kill = new Kill(connectionString, connection.ServerThread);
        var registration = cancellationToken.UnsafeRegister(static state => ((Kill)state!).Start(), kill);
        try
        {
            return await call();
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.QueryInterrupted && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The statement was interrupted.", ex, cancellationToken);
        }
        finally
        {
            // Waits only for a callback that is running, and that only starts the kill.
            await registration.DisposeAsync();
            await kill.SettleAsync(connection);
        }
    }

    private sealed class Kill(string connectionString, int target)
    {
        private Task? _sent;

        public void Start() => _sent = Task.Run(SendAsync);

        /// <summary>Once the call has ended: waits for a kill that was started, then spends it if it found the session idle.</summary>
        public async Task SettleAsync(MySqlConnection connection)
        {
            if (_sent is null)
            {
                return;
            }

            await _sent;
            if (connection.State != System.Data.ConnectionState.Open)
            {
                return;
            }

            try
            {
                await using var command = new MySqlCommand("DO SLEEP(0)", connection);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is MySqlException or IOException or InvalidOperationException)
            {
                // Interrupted: the kill arrived after the call's statement had finished, and this statement
                // took it instead. Anything else is the connection failing, which its next use reports.
            }
        }

        private async Task SendAsync()
        {
            try
            {
                await using var side = new MySqlConnection(connectionString);
                await side.OpenAsync(CancellationToken.None);
                await using var command = new MySqlCommand("KILL QUERY " + target.ToString(CultureInfo.InvariantCulture), side);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is MySqlException or SocketException or IOException or TimeoutException or InvalidOperationException)
            {
                // No second connection (the server is gone or full): the statement runs to its end and the
                // run stops after it, at its next check of the token.
            }
        }
    }
}
