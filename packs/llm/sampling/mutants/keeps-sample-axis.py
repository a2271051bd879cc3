# mistake: returns one id per row with a trailing axis, shape (B, 1) instead of (B,): the arg max keeps its dimension (keepdim=True) and torch.multinomial's sample axis is never squeezed
# caught-by: greedy decoding at temperature 0
import torch
import torch.nn.functional as F


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
    z = logits / temperature  # (B, V)
    if top_k is not None and top_k < z.size(-1):
        kth = torch.topk(z, top_k, dim=-1).values[:, -1:]  # (B, 1) the k-th largest value
        z = z.masked_fill(z < kth, float("-inf"))  # ties with the k-th value stay
    if top_p is not None and top_p < 1.0:
        probs = F.softmax(z, dim=-1)  # (B, V), over the tokens top-k kept
        p_sorted, order = torch.sort(probs, dim=-1, descending=True, stable=True)  # ties: low id first
        before = torch.cumsum(p_sorted, dim=-1) - p_sorted  # mass ranked strictly above each token
        drop_sorted = before >= top_p  # the top token has before = 0 and always stays
        drop = torch.zeros_like(drop_sorted).scatter(-1, order, drop_sorted)  # back to token order
        z = z.masked_fill(drop, float("-inf"))
    return z


def sample_next(
    logits: torch.Tensor,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """One next token per row: the arg max at temperature 0, else a draw from the filtered softmax."""
    if temperature == 0:
        return torch.argmax(logits, dim=-1, keepdim=True)  # (B, 1)
    probs = F.softmax(filter_logits(logits, temperature, top_k, top_p), dim=-1)  # (B, V)
    return torch.multinomial(probs, num_samples=1, generator=generator)  # (B, 1)
