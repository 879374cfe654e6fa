using Slipway.Cli;

// Everything `slipway` does (migrate, status, rollback, plan, verify, ...), with this assembly's
// migrations: the SQL files embedded from migrations/ and the C# classes in Migrations/.
return await SlipwayCommandLine.RunAsync(args, typeof(Program).Assembly);
