"""Rate-limit headers as the target announces them: dialects, readings, Retry-After (pure parsing)."""
