#!/usr/bin/env python3
"""Writes the PyTorch oracle for LstmTest: a 2-layer bidirectional nn.LSTM (with biases) on a
padded batch through pack_padded_sequence, its weights, inputs and outputs as JSON.

  /usr/bin/python3 bench/peer/lstm_fixture.py > transfer4j-core/src/test/resources/org/transfer4j/nn/rnn/lstm-torch.json
"""
import json
import torch

torch.manual_seed(0)
lstm = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)
lengths = torch.tensor([5, 2, 7])
x = torch.randn(3, 7, 3)
for b, n in enumerate(lengths.tolist()):
    x[b, n:] = 0  # padding values do not matter to packing; zero them for readability
packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
out, _ = lstm(packed)
out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=7)
print(json.dumps({
    "torch": torch.__version__,
    "input_size": 3, "hidden_size": 4, "num_layers": 2,
    "lengths": lengths.tolist(),
    "input": x.flatten().tolist(),
    "output": out.detach().flatten().tolist(),
    "parameters": {n: p.detach().flatten().tolist() for n, p in lstm.named_parameters()},
}))
