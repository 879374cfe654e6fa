namespace Slipway.Discovery;

/// <summary>When a migration runs relative to the deploy of the application (expand/contract).</summary>
public enum MigrationPhase
{
    /// <summary>Additive changes the running (old) app version tolerates; the default.</summary>
    PreDeploy,

    /// <summary>Contract steps (drop old columns) that run after the new app version is out.</summary>
    PostDeploy,
}
