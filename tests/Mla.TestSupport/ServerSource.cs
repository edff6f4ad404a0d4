namespace Mla.TestSupport;

/// <summary>Which of the three ways (environment address, Docker engine, local package; see the README) gave a fixture its server.</summary>
public enum ServerSource
{
    /// <summary>An address from the environment (<c>MLA_TEST_RABBITMQ</c>, <c>MLA_TEST_POSTGRES</c>, <c>MLA_TEST_KAFKA</c>).</summary>
    EnvironmentAddress,

    /// <summary>A container started through Testcontainers, because a Docker engine answered.</summary>
    Testcontainers,

    /// <summary>The locally installed program, started as a child process on 127.0.0.1.</summary>
    LocalProcess,
}
