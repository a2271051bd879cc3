# scikit-learn's cosine_similarity between the item columns (it maps zero vectors to 0),
# then one np.lexsort whose last key (-score) is primary and whose first key (id) breaks
# ties.
import numpy as np
from sklearn.metrics.pairwise import cosine_similarity


def item_similarity(R):
    S = cosine_similarity(R.T)  # items as rows
    np.fill_diagonal(S, 0.0)
    return S


def recommend(R, user, n):
    scores = item_similarity(R) @ R[user]
    items = np.arange(R.shape[1])
    unseen = items[R[user] == 0]
    order = unseen[np.lexsort((unseen, -scores[unseen]))]
    return order[:n].tolist()
