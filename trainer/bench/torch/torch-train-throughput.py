"""PyTorch's training samples/s for the same two models as `npm run bench:train`, the reference it
compares the TensorFlow.js fallback with. Run by trainer/bench/train-throughput.ts when
/usr/bin/python3 can import torch; prints one JSON object on stdout.

usage: python3 torch-train-throughput.py --threads 2 --batch 64 --seconds 10
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


def samples_per_second(model: nn.Module, batch: int, seconds: float) -> float:
    torch.manual_seed(0)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    model.train()

    def step() -> None:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(2):
        step()
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or steps < 3:
        step()
        steps += 1
    return steps * batch / (time.perf_counter() - start)


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
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = [
        {'model': name, 'samplesPerSecond': round(samples_per_second(build(), args.batch, args.seconds))}
        for name, build in (('small-cnn', small_cnn), ('mnist-net', mnist_net))
    ]
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
