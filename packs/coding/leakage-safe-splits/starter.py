import numpy as np

Split = tuple[np.ndarray, np.ndarray]  # (train indices, test indices), each sorted


def stratified_kfold(y: np.ndarray, k: int, *, seed: int = 0) -> list[Split]:
    """k folds whose test sets each hold every class in (nearly) its overall share."""
    raise NotImplementedError


def group_kfold(groups: np.ndarray, k: int) -> list[Split]:
    """k folds in which every group sits wholly in one test set, sizes balanced."""
    raise NotImplementedError


def time_series_split(timestamps: np.ndarray, n_splits: int, *, gap: int = 0) -> list[Split]:
    """Expanding-window splits over distinct timestamps; `gap` timestamps dropped before test."""
    raise NotImplementedError
