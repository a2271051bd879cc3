import torch


def make_generator(seed: int) -> torch.Generator:
    """A CPU generator seeded with ``seed`` (given; the judge builds its generators with it)."""
    return torch.Generator().manual_seed(seed)


def filter_logits(
    logits: torch.Tensor,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
) -> torch.Tensor:
    """Scale by 1/temperature, then top-k, then top-p; removed tokens get -inf."""
    raise NotImplementedError


def sample_next(
    logits: torch.Tensor,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """One next token per row: the arg max at temperature 0, else a draw from the filtered softmax."""
    raise NotImplementedError
