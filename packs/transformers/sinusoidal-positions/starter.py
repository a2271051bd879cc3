import torch


def sinusoidal_positions(n_positions: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """(n_positions, d_model) table: sin in even columns, cos in odd, pair i at base^(-2i/d)."""
    raise NotImplementedError
