"""The knowledge base: its file shapes, loading and checking, its integrity checks and the dependency graph."""
