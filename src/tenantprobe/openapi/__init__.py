"""The one reader of the OpenAPI document: operations, ``$ref``, bodies, permissions, refs and the diff."""
