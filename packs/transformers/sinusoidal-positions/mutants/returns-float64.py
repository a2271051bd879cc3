# mistake: builds the table in float64 and returns it without converting to float32
# caught-by: shape, dtype and a (50, 16) table
import torch


def sinusoidal_positions(n_positions: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """(n_positions, d_model) table: sin in even columns, cos in odd, pair i at base^(-2i/d)."""
    assert d_model % 2 == 0, "d_model must be even"
    pos = torch.arange(n_positions, dtype=torch.float64)[:, None]  # (n, 1)
    inv_freq = base ** (-torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)  # (d/2,)
    angles = pos * inv_freq[None, :]  # (n, d/2): one angle per position and pair
    table = torch.empty(n_positions, d_model, dtype=torch.float64)
    table[:, 0::2] = torch.sin(angles)
    table[:, 1::2] = torch.cos(angles)  # the cosine partner shares the sine's frequency
    return table
