import math

from mldrills.checks import Suite, compare

suite = Suite()

RECOMMENDED = [[3, 1, 7, 5], [2, 4, 6, 8], [9, 1, 2, 3]]
RELEVANT = [[1, 5, 9], [], [3]]


def recall_variant(recommended, relevant, k, *, denominator="relevant", skip_empty=True):
    """Recall with one convention changed: the model of a mistake."""
    scores = []
    for recs, rel in zip(recommended, relevant):
        rel = set(rel)
        if not rel and skip_empty:
            continue
        hits = len(set(recs[:k]) & rel)
        size = {"relevant": len(rel), "k": k, "min": min(k, len(rel))}[denominator]
        scores.append(hits / size if size else 0.0)
    return sum(scores) / len(scores) if scores else math.nan


def ndcg_variant(recommended, relevant, k, *, ideal="min", shift=1):
    """NDCG with one convention changed: the ideal list's length or the rank discount."""
    scores = []
    for recs, rel in zip(recommended, relevant):
        rel = set(rel)
        if not rel:
            continue
        dcg = sum(1 / math.log2(r + shift) for r, item in enumerate(recs[:k], 1) if item in rel)
        terms = {"min": min(k, len(rel)), "k": k, "relevant": len(rel)}[ideal]
        scores.append(dcg / sum(1 / math.log2(r + shift) for r in range(1, terms + 1)))
    return sum(scores) / len(scores) if scores else math.nan


def ndcg_mistakes(recommended, relevant, k):
    return {
        "the ideal DCG sums k terms even when the user has fewer relevant items": ndcg_variant(
            recommended, relevant, k, ideal="k"
        ),
        "the ideal DCG sums |relevant| terms even when that exceeds k": ndcg_variant(
            recommended, relevant, k, ideal="relevant"
        ),
        "rank r discounted by log2(r + 2): ranks counted from 0 and shifted again": ndcg_variant(
            recommended, relevant, k, shift=2
        ),
    }


def mistakes_for(name, recommended, relevant, k):
    """The known mistakes of metric ``name`` on these lists."""
    if name == "recall_at_k":
        return recall_mistakes(recommended, relevant, k)
    return ndcg_mistakes(recommended, relevant, k)


def check_metric(t, name, recommended, relevant, k, label, diagnose=None):
    inputs = f"{label}: {len(recommended)} users, k={k}"
    got = getattr(t.sub, name)(recommended, relevant, k)
    expected = getattr(t.ref, name)(recommended, relevant, k)
    compare.close(got, expected, what=name, rtol=1e-9, atol=1e-12, inputs=inputs, diagnose=diagnose)


def recall_mistakes(recommended, relevant, k):
    return {
        "divided by k: that is precision@k, not recall@k": recall_variant(
            recommended, relevant, k, denominator="k"
        ),
        "divided by min(k, |relevant|): the capped variant; here recall divides by |relevant|": recall_variant(
            recommended, relevant, k, denominator="min"
        ),
        "users with no relevant items counted as 0 instead of skipped": recall_variant(
            recommended, relevant, k, skip_empty=False
        ),
    }


@suite.check(
    "recall@k from the statement",
    hint="hits in the first k over the number of relevant items, averaged over users",
)
def recall_example(t):
    for k in (1, 3, 4):
        check_metric(
            t,
            "recall_at_k",
            RECOMMENDED,
            RELEVANT,
            k,
            "the statement's example",
            recall_mistakes(RECOMMENDED, RELEVANT, k),
        )


@suite.check(
    "ndcg@k from the statement",
    hint="rank r is discounted by log2(r + 1); the ideal list puts min(k, |relevant|) hits first",
)
def ndcg_example(t):
    for k in (1, 3, 4):
        check_metric(
            t,
            "ndcg_at_k",
            RECOMMENDED,
            RELEVANT,
            k,
            "the statement's example",
            ndcg_mistakes(RECOMMENDED, RELEVANT, k),
        )
