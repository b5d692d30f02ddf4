"""Small helpers for messages in plain English (``1 error``, ``2 errors``), used by pages and commands alike."""


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``counted(1, "error")`` → "1 error"; ``counted(3, "query", "queries")`` → "3 queries"."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"
