using k8s.Models;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>
/// Runs a rendered container the way the kubelet would, minus the container runtime: the real slipway
/// binary with the container's command, args and env (Secrets resolved from <paramref name="secrets"/>),
/// on top of the image's own ENV, with HOSTNAME set to the pod name.
/// </summary>
internal sealed class SimulatedPod(ImageFilesystem image, IReadOnlyDictionary<(string Name, string Key), string> secrets)
{
    public RunningProcess Start(V1Container container, string podName)
    {
        Assert.Equal(["slipway"], container.Command);
        return Start(container.Env ?? [], [.. container.Args ?? []], podName);
    }

    /// <summary>Runs <c>slipway ARGS</c> in a container with these env variables, as <c>kubectl exec</c> or <c>kubectl run</c> would.</summary>
    public RunningProcess Start(IEnumerable<V1EnvVar> env, string[] args, string podName)
    {
        var environment = new Dictionary<string, string?>();
        foreach (var (key, value) in image.Environment)
        {
            if (key != "PATH")
            {
                environment[key] = image.Map(value);
            }
        }

        foreach (var variable in env)
        {
            environment[variable.Name] = variable.ValueFrom?.SecretKeyRef is { } reference
                ? secrets[(reference.Name, reference.Key)]
                : image.Map(variable.Value);
        }

        environment["HOSTNAME"] = podName;
        return SlipwayProcess.Start(image.MigrationsFolder, environment, args);
    }
}
