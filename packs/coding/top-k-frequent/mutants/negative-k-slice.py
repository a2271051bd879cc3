# mistake: ranks everything and slices [:k]; a negative k becomes a slice from the end,
# so k = -1 returns every item but the last instead of []
# caught-by: k <= 0 or empty input gives []
from collections import Counter


def top_k_frequent(items, k):
    return [item for item, _ in Counter(items).most_common()][:k]
