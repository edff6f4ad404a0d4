namespace Mla.Kubernetes.TestServer.Selectors;

public enum SelectorOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}
