"""PyTorch's training samples/s for the same models as `npm run bench:train` (two image models and the
text models at two lengths), the reference it compares the TensorFlow.js trainer with. Run by
trainer/bench/train-throughput.ts when /usr/bin/python3 can import torch; prints one JSON object on stdout.

usage: python3 torch-train-throughput.py --threads 2 --batch 64 --seconds 10 [--models small-cnn,pooled-100,...]
"""
import argparse
import json
import time

import torch
from torch import nn


def small_cnn() -> nn.Module:
    # trainer/src/models/build-small-cnn.ts: conv16 5x5 -> pool -> conv32 5x5 -> pool -> dropout -> dense10.
    return nn.Sequential(
        nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.25), nn.Linear(32 * 4 * 4, 10),
    )


def mnist_net() -> nn.Module:
    # The primer's MNISTNet (trainer/src/models/build-mnist-net.ts).
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(64 * 12 * 12, 128), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(128, 10),
    )


# Text models (trainer/src/text/build-text-model.ts): vocabulary 8,000, d_model 32, 2 classes, token ids in
# [1, vocabulary) with no padding, as the bench feeds ours.
VOCABULARY, EMBEDDING, TEXT_CLASSES = 8000, 32, 2


class Pooled(nn.Module):
    """Embedding -> mean over positions -> dense 32 relu -> dense 2."""

    def __init__(self) -> None:
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, EMBEDDING)
        self.hidden = nn.Linear(EMBEDDING, 32)
        self.out = nn.Linear(32, TEXT_CLASSES)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(torch.relu(self.hidden(self.embedding(x).mean(1))))


class Lstm(nn.Module):
    """Embedding (pad 0) -> LSTM 32 units, last state -> dense 2 (the primer's TextClassifier)."""

    def __init__(self) -> None:
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, EMBEDDING, padding_idx=0)
        self.lstm = nn.LSTM(EMBEDDING, 32, batch_first=True)
        self.out = nn.Linear(32, TEXT_CLASSES)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _, (h, _) = self.lstm(self.embedding(x))
        return self.out(h[-1])


class Transformer(nn.Module):
    """Embedding + learned positions -> 1 post-norm encoder block (2 heads, FF 64) -> mean over tokens -> dense 2."""

    def __init__(self, length: int) -> None:
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, EMBEDDING, padding_idx=0)
        self.positions = nn.Parameter(torch.empty(length, EMBEDDING).uniform_(-0.05, 0.05))
        self.block = nn.TransformerEncoderLayer(EMBEDDING, 2, 64, dropout=0.0, batch_first=True)
        self.out = nn.Linear(EMBEDDING, TEXT_CLASSES)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pad = x == 0
        h = self.block(self.embedding(x) + self.positions, src_key_padding_mask=pad)
        keep = (~pad).unsqueeze(2).float()
        return self.out((h * keep).sum(1) / keep.sum(1).clamp(min=1))


def image_batch(batch: int):
    return torch.randn(batch, 1, 28, 28), torch.randint(0, 10, (batch,))


def text_batch(length: int):
    return lambda batch: (torch.randint(1, VOCABULARY, (batch, length)), torch.randint(0, TEXT_CLASSES, (batch,)))


MODELS = {
    'small-cnn': (small_cnn, image_batch),
    'mnist-net': (mnist_net, image_batch),
    **{f'pooled-{n}': (Pooled, text_batch(n)) for n in (100, 200)},
    **{f'lstm-{n}': (Lstm, text_batch(n)) for n in (100, 200)},
    **{f'transformer-{n}': ((lambda n=n: Transformer(n)), text_batch(n)) for n in (100, 200)},
}


def samples_per_second(model: nn.Module, make_batch, batch: int, seconds: float) -> tuple:
    """Samples/s, and the process's CPU milliseconds (every thread's) per step."""
    torch.manual_seed(0)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x, y = make_batch(batch)
    model.train()

    def step() -> None:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(2):
        step()
    steps = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or steps < 3:
        step()
        steps += 1
    elapsed = time.perf_counter() - start
    return steps * batch / elapsed, 1000 * (time.process_time() - cpu_start) / steps


def blas_in_use() -> str:
    """The BLAS torch was built with, from its build configuration. Debian's build says `generic`:
    it links the libblas.so.3 alternative, which blas_libraries() resolves to the library loaded."""
    config = torch.__config__.show()
    for line in config.splitlines():
        if 'BLAS_INFO' in line:
            blas = line.split('BLAS_INFO=')[1].split(',')[0]
            return blas
    return 'unknown'


def blas_libraries() -> list:
    """The BLAS shared libraries loaded in this process (OpenBLAS builds differ: pthread, openmp, serial)."""
    found = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ''
            if 'blas' in path.lower() or 'lapack' in path.lower() or 'mkl' in path.lower():
                found.add(path)
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--seconds', type=float, default=10)
    parser.add_argument('--models', default=','.join(MODELS))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = []
    for name in args.models.split(','):
        build, make_batch = MODELS[name]
        rate, cpu_ms = samples_per_second(build(), make_batch, args.batch, args.seconds)
        rows.append({'model': name, 'samplesPerSecond': round(rate), 'cpuMsPerStep': round(cpu_ms, 1)})
    print(json.dumps({
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
        'blas': blas_in_use(),
        'blasLibraries': blas_libraries(),
        'batch': args.batch,
        'rows': rows,
    }))


if __name__ == '__main__':
    main()
