"""The embedded reference API: a small multi-tenant SaaS API with a catalogue of deliberate defects.

It is the default target of tenantprobe and the yardstick of its self-tests. Start it with
``python -m reference_api serve``; see ``docs/reference-api.md``.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
