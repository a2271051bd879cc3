# Library route: torch.nn.utils.rnn.pad_sequence for the ids, the mask from broadcasting lengths.
import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import Dataset


class SequenceDataset(Dataset):
    """Stores one int64 tensor per example up front; __getitem__ only indexes."""

    def __init__(self, sequences, labels):
        assert len(sequences) == len(labels), "one label per sequence"
        self.items = [(torch.as_tensor(s, dtype=torch.int64).reshape(-1), int(y))
                      for s, y in zip(sequences, labels)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        ids, label = self.items[i]
        return ids.clone(), label  # a clone: a caller editing it in place cannot corrupt the dataset


def pad_collate(batch, pad_id=0, max_len=None):
    """Truncate, then let pad_sequence do the padding."""
    ids = [x if max_len is None else x[:max_len] for x, _ in batch]
    lengths = torch.tensor([x.numel() for x in ids], dtype=torch.int64)  # (B,)
    input_ids = pad_sequence(ids, batch_first=True, padding_value=pad_id)  # (B, T)
    positions = torch.arange(input_ids.size(1))  # (T,)
    return {
        "input_ids": input_ids,
        "attention_mask": positions.unsqueeze(0) < lengths.unsqueeze(1),  # (B, T)
        "lengths": lengths,
        "labels": torch.tensor([y for _, y in batch], dtype=torch.int64),
    }
