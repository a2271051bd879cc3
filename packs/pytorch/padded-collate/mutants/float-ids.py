# mistake: fills the padded batch with float(pad_id) and no dtype, so torch.full makes a float32 grid and the token ids come back as floats
# caught-by: dtypes and shapes
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
    lengths = torch.tensor([len(s) for s in seqs])
    T = int(lengths.max())
    input_ids = torch.full((len(seqs), T), float(pad_id))
    for row, s in enumerate(seqs):
        input_ids[row, : len(s)] = s
    mask = torch.arange(T)[None, :] < lengths[:, None]
    return {"input_ids": input_ids, "attention_mask": mask, "lengths": lengths,
            "labels": torch.tensor([y for _, y in batch])}
