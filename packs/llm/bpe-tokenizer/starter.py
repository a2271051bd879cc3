Pair = tuple[int, int]


def train_bpe(text: str, num_merges: int) -> list[Pair]:
    """Learn up to ``num_merges`` merges from the UTF-8 bytes of ``text``; merge i creates id 256 + i."""
    raise NotImplementedError


def encode(text: str, merges: list[Pair]) -> list[int]:
    """Token ids of ``text``: its UTF-8 bytes with every merge applied in the order learned."""
    raise NotImplementedError


def decode(ids: list[int], merges: list[Pair]) -> str:
    """The text of token ids (invalid UTF-8 becomes U+FFFD)."""
    raise NotImplementedError
