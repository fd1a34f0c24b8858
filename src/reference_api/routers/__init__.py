"""REST routers of the core API; each module exposes ``router`` (a FastAPI APIRouter)."""
