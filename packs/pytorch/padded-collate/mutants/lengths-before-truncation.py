# mistake: records each sequence's length before truncating it, so lengths exceed the width of the batch
# caught-by: truncation keeps the first max_len tokens
import torch
from torch.utils.data import Dataset


class SequenceDataset(Dataset):
    def __init__(self, sequences, labels):
        self.sequences = [list(s) for s in sequences]
        self.labels = list(labels)

    def __len__(self):
        return len(self.sequences)

    def __getitem__(self, i):
        return torch.tensor(self.sequences[i], dtype=torch.long), self.labels[i]


def pad_collate(batch, pad_id=0, max_len=None):
    lengths = torch.tensor([len(ids) for ids, _ in batch])
    seqs = [ids[:max_len] if max_len is not None else ids for ids, _ in batch]
    T = max(len(s) for s in seqs)
    input_ids = torch.full((len(seqs), T), pad_id, dtype=torch.long)
    for row, s in enumerate(seqs):
        input_ids[row, : len(s)] = s
    mask = torch.arange(T)[None, :] < lengths[:, None]
    return {"input_ids": input_ids, "attention_mask": mask, "lengths": lengths,
            "labels": torch.tensor([y for _, y in batch])}
