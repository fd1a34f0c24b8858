"""The OpenAPI 3.1 document, built by hand so it follows every dialect exactly.

``schemas.py`` holds the JSON Schemas (request bodies are validated against the very same
objects), ``operations.py`` the paths, ``document.py`` assembles them and applies plug-ins'
``spec_extensions``.
"""
