using MySqlConnector;
using Npgsql;

// usage: runtime-floor postgres|mysql CONNECTION_STRING
// Opens one connection as slipway opens it (PostgreSQL: the slim data source, TLS available, no type
// loading, no pooling; MySQL: no pooling) and prints the result of `select 1`.
if (args.Length != 2 || args[0] is not ("postgres" or "mysql"))
{
    await Console.Error.WriteLineAsync("usage: runtime-floor postgres|mysql CONNECTION_STRING");
    return 64;
}

object? result;
if (args[0] == "postgres")
{
    var builder = new NpgsqlSlimDataSourceBuilder(args[1]);
    builder.ConnectionStringBuilder.Pooling = false;
    await using var dataSource = builder.EnableTransportSecurity().ConfigureTypeLoading(types => types.EnableTypeLoading(false)).Build();
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var command = new NpgsqlCommand("select 1", connection);
    result = await command.ExecuteScalarAsync();
}
else
{
    var builder = new MySqlConnectionStringBuilder(args[1]) { Pooling = false };
    await using var connection = new MySqlConnection(builder.ConnectionString);
    await connection.OpenAsync();
    await using var command = new MySqlCommand("select 1", connection);
    result = await command.ExecuteScalarAsync();
}

Console.WriteLine(result);
return 0;
