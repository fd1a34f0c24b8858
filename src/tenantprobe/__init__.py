"""tenantprobe: contract and regression testing for multi-tenant SaaS HTTP APIs."""

__all__: list[str] = []
