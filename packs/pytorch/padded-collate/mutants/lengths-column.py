# mistake: returns lengths as a (B, 1) column (kept for broadcasting) where the statement asks for shape (B,)
# caught-by: dtypes and shapes
import torch
from torch.utils.data import Dataset


class SequenceDataset(Dataset):
    """Token-id sequences of varying length with one class label each."""

    def __init__(self, sequences: list[list[int]], labels: list[int]) -> None:
        if len(sequences) != len(labels):
            raise ValueError(f"{len(sequences)} sequences but {len(labels)} labels")
        self.sequences = [list(s) for s in sequences]  # a copy: later edits by the caller don't leak in
        self.labels = [int(y) for y in labels]

    def __len__(self) -> int:
        return len(self.sequences)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        return torch.tensor(self.sequences[i], dtype=torch.long), self.labels[i]  # (L_i,), label


def pad_collate(
    batch: list[tuple[torch.Tensor, int]], pad_id: int = 0, max_len: int | None = None
) -> dict[str, torch.Tensor]:
    """Right-pad a list of (ids, label) pairs into a batch with an attention mask."""
    seqs = [ids[:max_len] if max_len is not None else ids for ids, _ in batch]
    lengths = torch.tensor([[len(s)] for s in seqs], dtype=torch.long)  # (B, 1), ready to broadcast
    T = int(lengths.max())  # the longest sequence in this batch, after truncation
    input_ids = torch.full((len(seqs), T), pad_id, dtype=torch.long)  # (B, T)
    for row, s in enumerate(seqs):
        input_ids[row, : len(s)] = s
    attention_mask = torch.arange(T)[None, :] < lengths  # (B, T) bool, from lengths
    labels = torch.tensor([int(y) for _, y in batch], dtype=torch.long)  # (B,)
    return {"input_ids": input_ids, "attention_mask": attention_mask, "lengths": lengths, "labels": labels}
