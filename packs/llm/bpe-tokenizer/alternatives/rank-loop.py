# Training keeps the sequence as a list and picks the pair by one min() over
# (-count, pair); encoding repeatedly merges the present pair with the lowest rank
# (the earliest learned), which is equivalent to applying the merges in order.
from itertools import pairwise


def _replace(seq, pair, new):
    out, skip = [], False
    for cur, nxt in zip(seq, [*seq[1:], None], strict=True):
        if skip:  # this byte was the right half of the pair just merged
            skip = False
        elif (cur, nxt) == pair:
            out.append(new)
            skip = True
        else:
            out.append(cur)
    return out


def train_bpe(text, num_merges):
    seq = list(text.encode("utf-8"))
    merges = []
    for i in range(num_merges):
        counts = {}
        for a, b in pairwise(seq):
            counts[(a, b)] = counts.get((a, b), 0) + 1
        if not counts:
            break
        pair = min(counts, key=lambda p: (-counts[p], p))
        if counts[pair] < 2:
            break
        seq = _replace(seq, pair, 256 + i)
        merges.append(pair)
    return merges


def encode(text, merges):
    rank = {pair: i for i, pair in enumerate(merges)}
    seq = list(text.encode("utf-8"))
    while len(seq) >= 2:
        present = [p for p in pairwise(seq) if p in rank]
        if not present:
            break
        pair = min(present, key=rank.get)
        seq = _replace(seq, pair, 256 + rank[pair])
    return seq


def decode(ids, merges):
    table = [bytes([b]) for b in range(256)]
    for a, b in merges:
        table.append(table[a] + table[b])
    return b"".join(table[i] for i in ids).decode("utf-8", errors="replace")
