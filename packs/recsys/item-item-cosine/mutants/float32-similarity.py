# mistake: computes the similarities in float32, a float64 -> float32 downcast that loses precision
# caught-by: similarity on the statement's matrix
import numpy as np


def item_similarity(R: np.ndarray) -> np.ndarray:
    """Cosine similarity between the item columns of R, (I, I), with a zero diagonal."""
    norms = np.linalg.norm(R, axis=0)  # (I,)
    safe = np.where(norms > 0, norms, 1.0)  # an item nobody rated has similarity 0
    unit = (R / safe).astype(np.float32)  # (U, I) in float32 to save memory
    S = unit.T @ unit  # (I, I)
    np.fill_diagonal(S, 0.0)
    return S


def recommend(R: np.ndarray, user: int, n: int) -> list[int]:
    """The n unseen items with the highest similarity-weighted score; ties to the lower id."""
    S = item_similarity(R)
    scores = S @ R[user]  # (I,): score_i = sum_j S[i, j] * R[user, j]
    unseen = np.flatnonzero(R[user] == 0)
    # a stable sort on -score keeps equal scores in increasing item order
    order = unseen[np.argsort(-scores[unseen], kind="stable")]
    return [int(i) for i in order[:n]]
