"""Pure ASGI middleware (cheaper per request than BaseHTTPMiddleware)."""
