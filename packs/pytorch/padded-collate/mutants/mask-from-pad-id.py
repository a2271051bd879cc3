# mistake: builds the mask by comparing token ids with pad_id, so real tokens equal to pad_id are masked out
# caught-by: a real token equal to pad_id is still a real token
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
    seqs = [ids[:max_len] if max_len is not None else ids for ids, _ in batch]
    T = max(len(s) for s in seqs)
    input_ids = torch.full((len(seqs), T), pad_id, dtype=torch.long)
    for row, s in enumerate(seqs):
        input_ids[row, : len(s)] = s
    return {
        "input_ids": input_ids,
        "attention_mask": input_ids != pad_id,
        "lengths": torch.tensor([len(s) for s in seqs]),
        "labels": torch.tensor([y for _, y in batch]),
    }
