import torch
from torch.utils.data import Dataset


class SequenceDataset(Dataset):
    """Token-id sequences of varying length with one class label each."""

    def __init__(self, sequences: list[list[int]], labels: list[int]) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        raise NotImplementedError


def pad_collate(
    batch: list[tuple[torch.Tensor, int]], pad_id: int = 0, max_len: int | None = None
) -> dict[str, torch.Tensor]:
    """Right-pad a list of (ids, label) pairs into a batch with an attention mask."""
    raise NotImplementedError
