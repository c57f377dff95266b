"""The CRNN: 6 conv layers (height 32 → 1, width ÷ 4), a BiLSTM, a linear CTC head."""

from __future__ import annotations

import torch
from torch import nn


def _block(cin: int, cout: int, pool: tuple[int, int] | None) -> list[nn.Module]:
    mods: list[nn.Module] = [
        nn.Conv2d(cin, cout, 3, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    ]
    if pool:
        mods.append(nn.MaxPool2d(pool, pool))
    return mods


class CRNN(nn.Module):
    """Input (N, 1, 32, W) in [-1, 1] → log-probabilities (N, W/4, classes)."""

    def __init__(self, n_classes: int, hidden: int = 128) -> None:
        super().__init__()
        self.cnn = nn.Sequential(
            *_block(1, 32, (2, 2)),  # 16 × W/2
            *_block(32, 64, (2, 2)),  # 8 × W/4
            *_block(64, 128, None),
            *_block(128, 128, (2, 1)),  # 4 × W/4
            *_block(128, 160, (2, 1)),  # 2 × W/4
            nn.Conv2d(160, 192, (2, 1), bias=False),  # 1 × W/4
            nn.BatchNorm2d(192),
            nn.ReLU(inplace=True),
        )
        self.rnn = nn.LSTM(192, hidden, num_layers=1, bidirectional=True, batch_first=True)
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(2 * hidden, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f = self.cnn(x).squeeze(2).permute(0, 2, 1)  # N, T, C
        f, _ = self.rnn(f)
        return self.head(self.drop(f)).log_softmax(-1)


class Exported(nn.Module):
    """What goes into the ONNX file: probabilities, not log-probabilities."""

    def __init__(self, net: CRNN) -> None:
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).exp()
