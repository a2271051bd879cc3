import numpy as np


def item_similarity(R: np.ndarray) -> np.ndarray:
    """Cosine similarity between the item columns of R, (I, I), with a zero diagonal."""
    raise NotImplementedError


def recommend(R: np.ndarray, user: int, n: int) -> list[int]:
    """The n unseen items with the highest similarity-weighted score; ties to the lower id."""
    raise NotImplementedError
