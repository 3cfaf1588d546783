"""Exports a small PyTorch CNN (seeded, untrained) to ONNX as a user would: NCHW input, dynamic batch axis.

usage: python3 export-torch-cnn.py OUT.onnx
"""
import sys

import torch


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.pool = torch.nn.MaxPool2d(2)
        self.fc = torch.nn.Linear(8 * 14 * 14, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn(self.conv(x))))
        return self.fc(torch.flatten(x, 1))


torch.manual_seed(0)
torch.onnx.export(
    Net().eval(),
    torch.zeros(1, 1, 28, 28),
    sys.argv[1],
    input_names=["input.1"],
    output_names=["scores"],
    dynamic_axes={"input.1": {0: "N"}, "scores": {0: "N"}},
    opset_version=17,
)
