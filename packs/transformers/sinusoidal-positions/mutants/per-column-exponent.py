# mistake: gives column j the exponent j/d, so the cosine column of a pair runs at a different frequency
# caught-by: dot products depend only on the offset
import torch


def sinusoidal_positions(n_positions: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """(n_positions, d_model) table: sin in even columns, cos in odd, pair i at base^(-2i/d)."""
    assert d_model % 2 == 0, "d_model must be even"
    pos = torch.arange(n_positions, dtype=torch.float64)[:, None]  # (n, 1)
    angles = pos * base ** (-torch.arange(d_model, dtype=torch.float64) / d_model)  # (n, d)
    table = torch.empty(n_positions, d_model, dtype=torch.float64)
    table[:, 0::2] = torch.sin(angles[:, 0::2])
    table[:, 1::2] = torch.cos(angles[:, 1::2])
    return table.float()
