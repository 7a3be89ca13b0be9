#!/usr/bin/env python3
"""peers.py - annlab's two training workloads in PyTorch and in NumPy: `make bench-peers`.

The same networks, batches, epochs, learning rate, loss and initial
weights as bench.c (which writes its initial weights for us with
--save-init), float64 everywhere. Each peer runs twice: on every core
(NumPy's OpenBLAS default; torch.set_num_threads(cores)) and on one
(OPENBLAS_NUM_THREADS=1; torch.set_num_threads(1)), and our time is
compared with the faster of the two (on a busy machine, threads that wait
for each other can make the one-thread run the faster):

  Fashion-MNIST: 784-128-10, ReLU + softmax, cross-entropy, batch 64,
                 SGD 0.1, one epoch over 60,000 images (the Debian package
                 dataset-fashion-mnist, else random numbers of that shape)
  digits:        64-32-10, batch 32, SGD 0.1, 50 epochs over the 1797
                 images of datasets/digits.csv

Each workload runs in its own process (ours: bench --fashion-epoch and
bench --digits-run), all of them one after another, `--rounds` times over
(interleaved, so a busy spell of the machine hits them all alike); the
table gives the median of every epoch (Fashion) or run (digits) and our
time over theirs.

  peers.py --bench build/bench/bench [--rounds 3] [--epochs 2]
  peers.py --worker torch-fashion|numpy-fashion|torch-digits|numpy-digits [--threads N] ...

OpenBLAS (NumPy's, and PyTorch's where it uses it) is timed with
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset: `make bench-peers` does it.
"""
import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time

FASHION_DIR = "/usr/share/datasets/fashion-mnist"
DIGITS_CSV = "datasets/digits.csv"
CORES = os.cpu_count() or 1


# ---- data --------------------------------------------------------------------------------

def fashion(np, data_dir, m=60000):
    """X (m x 784, pixels / 255) and y (m,), or random numbers of that shape."""
    try:
        with gzip.open(os.path.join(data_dir, "train-images-idx3-ubyte.gz")) as f:
            pixels = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
        with gzip.open(os.path.join(data_dir, "train-labels-idx1-ubyte.gz")) as f:
            labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
        X = pixels[: m * 784].reshape(m, 784).astype(np.float64) / 255.0
        y = labels[:m].astype(np.int64)
    except OSError:
        rng = np.random.default_rng(42)
        X = rng.random((m, 784))
        y = rng.integers(0, 10, m)
    return X, y


def digits(np, path):
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    return table[:, :-1] / 16.0, table[:, -1].astype(np.int64)


def initial_weights(np, init_dir, name, n_in, hidden):
    """W1 (n_in x hidden), b1, W2 (hidden x 10), b2 as bench.c wrote them."""
    v = np.fromfile(os.path.join(init_dir, name + "_init.f64"), dtype=np.float64)
    sizes = [n_in * hidden, hidden, hidden * 10, 10]
    parts, at = [], 0
    for s in sizes:
        parts.append(v[at:at + s])
        at += s
    return (parts[0].reshape(n_in, hidden).copy(), parts[1].copy(),
            parts[2].reshape(hidden, 10).copy(), parts[3].copy())


# ---- NumPy: the MLP from scratch ------------------------------------------------------------

def numpy_epoch(np, X, y, params, batch, lr, rng):
    W1, b1, W2, b2 = params
    order = rng.permutation(len(X))
    loss_sum = 0.0
    for start in range(0, len(X), batch):
        idx = order[start:start + batch]
        Xb, yb = X[idx], y[idx]
        m = len(idx)
        Z1 = Xb @ W1 + b1
        A1 = np.maximum(Z1, 0.0)
        Z2 = A1 @ W2 + b2
        Z2 -= Z2.max(axis=1, keepdims=True)
        P = np.exp(Z2)
        P /= P.sum(axis=1, keepdims=True)
        loss_sum += -np.log(np.clip(P[np.arange(m), yb], 1e-7, 1.0)).sum()
        dZ2 = P
        dZ2[np.arange(m), yb] -= 1.0
        dZ2 /= m
        dW2 = A1.T @ dZ2
        db2 = dZ2.sum(axis=0)
        dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
        dW1 = Xb.T @ dZ1
        db1 = dZ1.sum(axis=0)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
    return loss_sum / len(X)


# ---- PyTorch -------------------------------------------------------------------------------

def torch_model(torch, params):
    W1, b1, W2, b2 = params
    n_in, hidden = W1.shape
    model = torch.nn.Sequential(torch.nn.Linear(n_in, hidden), torch.nn.ReLU(),
                                torch.nn.Linear(hidden, 10)).double()
    with torch.no_grad():  # Linear keeps W as (out x in): our W transposed
        model[0].weight.copy_(torch.from_numpy(W1.T.copy()))
        model[0].bias.copy_(torch.from_numpy(b1))
        model[2].weight.copy_(torch.from_numpy(W2.T.copy()))
        model[2].bias.copy_(torch.from_numpy(b2))
    return model


def torch_epoch(torch, model, X, y, batch, lr, gen):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.randperm(len(X), generator=gen)
    loss_sum = 0.0
    for start in range(0, len(X), batch):
        idx = order[start:start + batch]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
        loss_sum += loss.item() * len(idx)
    return loss_sum / len(X)


# ---- one workload in this process --------------------------------------------------------------

def worker(args):
    import numpy as np
    kind, work = args.worker.split("-")
    if work == "fashion":
        X, y = fashion(np, args.data)
        params = initial_weights(np, args.init, "fashion", 784, 128)
        batch, epochs_per_run, runs = 64, 1, args.epochs
    else:
        X, y = digits(np, args.digits)
        params = initial_weights(np, args.init, "digits", 64, 32)
        batch, epochs_per_run, runs = 32, 50, args.runs
    label = "fashion_epoch_seconds" if work == "fashion" else "digits_seconds"
    if kind == "numpy":
        rng = np.random.default_rng(42)
        for _ in range(runs):
            p = [a.copy() for a in params]
            start = time.perf_counter()
            for _ in range(epochs_per_run):
                loss = numpy_epoch(np, X, y, p, batch, 0.1, rng)
            print(f"{label} {time.perf_counter() - start:.4f} loss {loss:.4f}", flush=True)
    else:
        import torch
        torch.set_num_threads(args.threads or CORES)
        Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
        gen = torch.Generator().manual_seed(42)
        for _ in range(runs):
            model = torch_model(torch, params)
            start = time.perf_counter()
            for _ in range(epochs_per_run):
                loss = torch_epoch(torch, model, Xt, yt, batch, 0.1, gen)
            print(f"{label} {time.perf_counter() - start:.4f} loss {loss:.4f}", flush=True)


# ---- the driver ----------------------------------------------------------------------------------

def has(module):
    return subprocess.run([sys.executable, "-c", "import " + module],
                          capture_output=True).returncode == 0


def times_of(cmd, env):
    """Run cmd; the seconds (and last loss) of every line it prints."""
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        print(f"peers: {' '.join(cmd)} failed:\n{out.stderr}", file=sys.stderr)
        return [], float("nan")
    seconds, loss = [], float("nan")
    for line in out.stdout.splitlines():
        f = line.split()
        if len(f) >= 4 and f[0].endswith("seconds"):
            seconds.append(float(f[1]))
            loss = float(f[3])
    return seconds, loss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", help="annlab's bench program (make bench-peers passes it)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=2, help="Fashion epochs per process")
    ap.add_argument("--threads", type=int, default=0, help="(worker) threads; 0: every core")
    ap.add_argument("--runs", type=int, default=1, help="digits runs per process")
    ap.add_argument("--data", default=FASHION_DIR)
    ap.add_argument("--digits", default=DIGITS_CSV)
    ap.add_argument("--init", help="(worker) where bench --save-init wrote the weights")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args)
        return 0
    if not args.bench:
        ap.error("--bench is required")
    if not has("numpy"):
        print("peers: NumPy is not installed (apt-get install python3-numpy): nothing to "
              "compare with", file=sys.stderr)
        return 1
    peers = ["numpy"] + (["torch"] if has("torch") else [])
    init = tempfile.mkdtemp(prefix="annlab-peers-")
    if subprocess.run([args.bench, "--save-init", init]).returncode != 0:
        return 1
    me = [sys.executable, os.path.abspath(__file__)]
    common = ["--data", args.data, "--digits", args.digits, "--init", init]
    base = dict(os.environ)
    one = dict(base, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    # (workload, who, threads) -> the command and its environment
    cmds = {
        ("fashion", "ours", CORES): ([args.bench, "--fashion-epoch", "--epochs",
                                      str(args.epochs), "--data", args.data], base),
        ("digits", "ours", CORES): ([args.bench, "--digits-run", "--runs", str(args.runs),
                                     "--digits", args.digits], base),
    }
    for p in peers:
        for threads, env in ((CORES, base), (1, one)):
            t = ["--threads", str(threads)]
            cmds[("fashion", p, threads)] = (me + ["--worker", p + "-fashion", "--epochs",
                                                   str(args.epochs)] + t + common, env)
            cmds[("digits", p, threads)] = (me + ["--worker", p + "-digits", "--runs",
                                                  str(args.runs)] + t + common, env)
    got = {key: [] for key in cmds}
    loss = {}
    for r in range(args.rounds):
        for key, (cmd, env) in cmds.items():
            seconds, loss[key] = times_of(cmd, env)
            got[key] += seconds
        print(f"peers: round {r + 1} of {args.rounds} done", file=sys.stderr, flush=True)
    for name in os.listdir(init):
        os.remove(os.path.join(init, name))
    os.rmdir(init)

    names = {"ours": "annlab", "numpy": "NumPy", "torch": "PyTorch"}

    def med(key):
        return statistics.median(got[key]) if got[key] else float("nan")

    cols = [("ours", CORES)] + [(p, t) for p in peers for t in (CORES, 1)]
    print(f"## Peers: medians of {args.rounds} interleaved rounds, {CORES} cores, float64\n")
    print("| workload | " + " | ".join(f"{names[w]} {t}T" for w, t in cols) + " | " +
          " | ".join(f"annlab / {names[p]} (faster)" for p in peers) + " |")
    print("|---|" + "---:|" * (len(cols) + len(peers)))
    for work, what in (("fashion", "Fashion-MNIST, s per epoch"),
                       ("digits", "digits, s per 50 epochs")):
        cells = [f"{med((work, w, t)):.3f} (n={len(got[(work, w, t)])})" for w, t in cols]
        ours = med((work, "ours", CORES))
        ratios = [ours / min(med((work, p, CORES)), med((work, p, 1))) for p in peers]
        print(f"| {what} | " + " | ".join(cells) + " | " +
              " | ".join(f"{r:.2f}" for r in ratios) + " |")
    print("\nloss after the last epoch: " + ", ".join(
        f"{work} {names[w]} {t}T {loss[(work, w, t)]:.4f}" for work in ("fashion", "digits")
        for w, t in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
