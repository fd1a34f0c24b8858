"""The ``tenantprobe`` command line: one module per command."""
