namespace Slipway.Lint.Rules;

/// <summary>One check. Rules are stateless except through <see cref="ProjectState"/>, which flows across scripts in version order.</summary>
internal interface ILintRule
{
    /// <summary>The rule's ID, explanation and safe alternative.</summary>
    LintRuleInfo Info { get; }

    /// <summary>Reports every problem of this kind in the script via <see cref="ScriptContext.Report"/>.</summary>
    void Check(ScriptContext context);
}
