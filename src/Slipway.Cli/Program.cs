using Slipway.Cli;

// The command tree lives in SlipwayCommandLine so that an app's own migration bundle runs the same one.
return await SlipwayCommandLine.RunAsync(args);
