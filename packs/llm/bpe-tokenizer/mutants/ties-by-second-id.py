# mistake: breaks ties by the second id first (smallest (b, a)), not by the pair as a tuple
# caught-by: ties go to the smallest pair
from collections import Counter
from itertools import pairwise

Pair = tuple[int, int]


def _merge(ids: list[int], pair: Pair, new_id: int) -> list[int]:
    """Replace every occurrence of ``pair`` in ``ids`` by ``new_id``, scanning left to right."""
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2  # both halves are consumed
        else:
            out.append(ids[i])
            i += 1
    return out


def train_bpe(text: str, num_merges: int) -> list[Pair]:
    """Learn up to ``num_merges`` merges from the UTF-8 bytes of ``text``; merge i creates id 256 + i."""
    ids = list(text.encode("utf-8"))
    merges: list[Pair] = []
    for i in range(num_merges):
        counts = Counter(pairwise(ids))  # adjacent pairs, overlapping
        if not counts:
            break
        best = max(counts.values())
        if best < 2:
            break  # no pair repeats: nothing worth merging
        pair = min((p for p, c in counts.items() if c == best), key=lambda p: (p[1], p[0]))
        ids = _merge(ids, pair, 256 + i)
        merges.append(pair)
    return merges


def encode(text: str, merges: list[Pair]) -> list[int]:
    """Token ids of ``text``: its UTF-8 bytes with every merge applied in the order learned."""
    ids = list(text.encode("utf-8"))
    for i, pair in enumerate(merges):
        ids = _merge(ids, pair, 256 + i)
    return ids


def decode(ids: list[int], merges: list[Pair]) -> str:
    """The text of token ids: expand every id to its bytes, join, then decode UTF-8 once."""
    vocab = {i: bytes([i]) for i in range(256)}
    for i, (a, b) in enumerate(merges):
        vocab[256 + i] = vocab[a] + vocab[b]
    return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")
