from collections.abc import Iterable


def top_k_stream(stream: Iterable[tuple[str, float]], k: int) -> list[tuple[str, float]]:
    """Return the k highest-scored (id, score) pairs, best first; earlier arrival wins ties."""
    raise NotImplementedError
