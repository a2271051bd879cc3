# mistake: puts all sines in the first half and all cosines in the second (another codebase's layout)
# caught-by: shape, dtype and a (50, 16) table
import torch


def sinusoidal_positions(n_positions: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """(n_positions, d_model) table: sin in even columns, cos in odd, pair i at base^(-2i/d)."""
    assert d_model % 2 == 0, "d_model must be even"
    pos = torch.arange(n_positions, dtype=torch.float64)[:, None]  # (n, 1)
    inv_freq = base ** (-torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)  # (d/2,)
    angles = pos * inv_freq[None, :]  # (n, d/2): one angle per position and pair
    table = torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)
    return table.float()
