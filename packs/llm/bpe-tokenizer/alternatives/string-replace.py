# Each id becomes one Unicode character (chr(id)), so the sequence is a str: pairs are
# counted as two-character slices and a merge is str.replace, which scans left to right and
# never overlaps ("aaa" -> "Xa"), exactly the replacement rule of the statement.
from collections import Counter


def train_bpe(text, num_merges):
    s = "".join(map(chr, text.encode("utf-8")))
    merges = []
    for i in range(num_merges):
        counts = Counter(s[j : j + 2] for j in range(len(s) - 1))
        if not counts or max(counts.values()) < 2:
            break
        top = max(counts.values())
        a, b = min((ord(w[0]), ord(w[1])) for w, c in counts.items() if c == top)
        s = s.replace(chr(a) + chr(b), chr(256 + i))
        merges.append((a, b))
    return merges


def encode(text, merges):
    s = "".join(map(chr, text.encode("utf-8")))
    for i, (a, b) in enumerate(merges):
        s = s.replace(chr(a) + chr(b), chr(256 + i))
    return [ord(c) for c in s]


def decode(ids, merges):
    pieces = {i: bytes([i]) for i in range(256)}
    for i, (a, b) in enumerate(merges):
        pieces[256 + i] = pieces[a] + pieces[b]
    return b"".join(pieces[i] for i in ids).decode("utf-8", errors="replace")
