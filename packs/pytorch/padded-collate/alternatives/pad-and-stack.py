# F.pad each sequence to the batch width and stack; the mask is padded alongside the ids.
import torch
import torch.nn.functional as F


class SequenceDataset(torch.utils.data.Dataset):
    """Keeps the raw lists; converts one example per access."""

    def __init__(self, sequences, labels):
        self.sequences, self.labels = list(map(list, sequences)), list(labels)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return torch.LongTensor(self.sequences[i]), int(self.labels[i])


def pad_collate(batch, pad_id=0, max_len=None):
    """Pad every row to the same width with F.pad, then stack the rows."""
    rows = [ids if max_len is None else ids[:max_len] for ids, _ in batch]
    width = max(r.shape[0] for r in rows)
    input_ids = torch.stack([F.pad(r, (0, width - r.shape[0]), value=pad_id) for r in rows])
    mask = torch.stack([F.pad(torch.ones_like(r, dtype=torch.bool), (0, width - r.shape[0]), value=False)
                        for r in rows])
    return {
        "input_ids": input_ids.long(),
        "attention_mask": mask,
        "lengths": mask.sum(dim=1),
        "labels": torch.tensor([label for _, label in batch]),
    }
