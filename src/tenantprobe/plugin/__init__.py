"""The pytest plugin: options, activation of the harness for one process, the session hooks."""
