"""The benchmark's workloads in PyTorch (float64, 2 threads), for `make bench`.

    map    F∞ and F_β (β = 1) on a 1024 × 1024 grid of y with 4096 latents,
           in chunks of grid rows so that the (chunk, latents) energies fit in
           memory; --rows R computes only the first R of the 1024 rows (the
           throughput per grid point is what `make bench` compares)
    train  1000 full-batch ZTL steps (energy loss, SGD with momentum) on the 24 samples
    train-warm
           the same with F_β, β = 1: −1/β log(1/Z Σ_k exp(−β E)), every latent weighted
    conditional
           1000 full-batch ZTL steps (energy loss, Adam, lr 0.01) of the
           conditional model f = Linear(1→8) → ReLU → Linear(8→8) → ReLU →
           Linear(8→2), E = [y1 − f1 cos z]² + [y2 − f2 sin z]² over 48
           latents, on the horn samples of --horn-data from the untrained
           model of --horn-model (ebm-train --epochs 0)

With --scaling, the map alone against grid points (n × n, n = 64 … 1024, 1024
latents) and against latents (256 … 4096, a 256 × 256 grid), as ebm-bench
--only scaling-grid and scaling-latents: a line "scaling N Z SECONDS" each,
from the first --rows rows of each map, the time scaled to the whole map (every
row is the same work).

Prints one line per workload and run: "NAME SECONDS POINTS  # CHECK" (POINTS is the number of grid points or steps computed; CHECK
is a value ebm-bench prints too).
The samples are read from the data files given with --data and --horn-data
(ebm-generate's output).
"""
import argparse
import math
import time

import h5py
import torch


def seconds(work):
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def free_energy_map(w, z, y1, y2, beta, rows_per_chunk=16):
    g1, g2 = w[0] * torch.cos(z), w[1] * torch.sin(z)          # (Z)
    f_inf = torch.empty(len(y2), len(y1), dtype=torch.float64)
    f_beta = torch.empty_like(f_inf)
    log_count = math.log(len(z))
    across = (y1[:, None] - g1) ** 2                             # (N1, Z)
    for start in range(0, len(y2), rows_per_chunk):
        up = (y2[start:start + rows_per_chunk, None] - g2) ** 2   # (R, Z)
        energy = up[:, None, :] + across[None, :, :]              # (R, N1, Z) energies of this chunk of rows
        rows = up
        f_inf[start:start + len(rows)] = energy.min(dim=2).values
        f_beta[start:start + len(rows)] = -(torch.logsumexp(-beta * energy, dim=2) - log_count) / beta
    return f_inf, f_beta


def scaling(rows):
    w = torch.tensor([1.5, 0.35], dtype=torch.float64)
    sizes = [(n, 1024) for n in (64, 128, 256, 512, 1024)] + [(256, z) for z in (256, 512, 1024, 2048, 4096)]
    for n, latents in sizes:
        y1 = torch.linspace(-3, 3, n, dtype=torch.float64)
        y2 = torch.linspace(-2, 2, n, dtype=torch.float64)[:rows]
        z = 2 * math.pi * torch.arange(latents, dtype=torch.float64) / latents
        elapsed = seconds(lambda: free_energy_map(w, z, y1, y2, 1.0))
        print(f"scaling {n} {latents} {elapsed * n / len(y2):.6f}", flush=True)


def train(samples, beta=math.inf, steps=1000):
    z = 2 * math.pi * torch.arange(48, dtype=torch.float64) / 48
    # From the lecture's untrained w0, as ebm-bench's training (EllipseModel's default).
    w = torch.tensor([-1.5, 0.35], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=0.1, momentum=0.9)
    for _ in range(steps):
        optimizer.zero_grad()
        energy = (samples[:, None, 0] - w[0] * torch.cos(z)) ** 2 + (samples[:, None, 1] - w[1] * torch.sin(z)) ** 2
        if math.isinf(beta):
            loss = energy.min(dim=1).values.mean()   # ZTL: the gradient flows through ž only
        else:
            loss = (-(torch.logsumexp(-beta * energy, dim=1) - math.log(48)) / beta).mean()
        loss.backward()
        optimizer.step()
    return w.detach()


def predictor():
    return torch.nn.Sequential(torch.nn.Linear(1, 8), torch.nn.ReLU(), torch.nn.Linear(8, 8), torch.nn.ReLU(),
                               torch.nn.Linear(8, 2)).double()


def read_predictor(model_file):
    """The state_dict of f in an ebm model file, which keeps it as /params/f/<module>/weight, …/bias."""
    with h5py.File(model_file, "r") as model:
        return {name: torch.tensor(model["params/f/" + name.replace(".", "/")][...])
                for name in predictor().state_dict()}


def conditional_loss(f, x, y, cos_z, sin_z):
    p = f(x[:, None])                                                          # (N, 2)
    energy = (y[:, None, 0] - p[:, 0:1] * cos_z) ** 2 + (y[:, None, 1] - p[:, 1:2] * sin_z) ** 2   # (N, Z)
    return energy.min(dim=1).values.mean()   # ZTL: the gradient flows through ž only


def train_conditional(untrained, x, y, steps=1000, latents=48):
    f = predictor()
    f.load_state_dict(untrained)
    # cos and sin of z_k = 2πk/Z by the C library, as ebm computes them.
    z = [2 * math.pi * k / latents for k in range(latents)]
    cos_z = torch.tensor([math.cos(v) for v in z], dtype=torch.float64)
    sin_z = torch.tensor([math.sin(v) for v in z], dtype=torch.float64)
    optimizer = torch.optim.Adam(f.parameters(), lr=0.01)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = conditional_loss(f, x, y, cos_z, sin_z)
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
    with torch.no_grad():
        final = conditional_loss(f, x, y, cos_z, sin_z)
    return losses[0].item(), losses[-1].item(), final.item()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", help="the lecture's samples (ebm-generate); not needed with --scaling")
    parser.add_argument("--scaling", action="store_true", help="the map against grid points and latents alone")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rows", type=int, default=1024, help="grid rows of the map to compute (of 1024)")
    parser.add_argument("--horn-data", help="horn samples (ebm-generate --case conditional)")
    parser.add_argument("--horn-model", help="the untrained conditional model (ebm-train --epochs 0)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.scaling:
        scaling(args.rows)
        return

    y1 = torch.linspace(-3, 3, 1024, dtype=torch.float64)
    y2 = torch.linspace(-2, 2, 1024, dtype=torch.float64)[:args.rows]
    z = 2 * math.pi * torch.arange(4096, dtype=torch.float64) / 4096
    w = torch.tensor([1.5, 0.35], dtype=torch.float64)
    result = {}
    elapsed = seconds(lambda: result.update(map=free_energy_map(w, z, y1, y2, 1.0)))
    f_inf, f_beta = result["map"]
    row = min(args.rows - 1, 512)
    print(f"map {elapsed:.6f} {len(y1) * len(y2)}  # F_beta(1)[{row},512] + F_inf[{row},100] = "
          f"{f_beta[row, 512] + f_inf[row, 100]:.12g}", flush=True)

    with h5py.File(args.data, "r") as data:
        samples = torch.tensor(data["y"][...], dtype=torch.float64)
    for name, beta in (("train", math.inf), ("train-warm", 1.0)):
        elapsed = seconds(lambda: result.update(w=train(samples, beta)))
        print(f"{name} {elapsed:.6f} 1000  # w = ({result['w'][0]:.9f}, {result['w'][1]:.9f})", flush=True)
    if not (args.horn_data and args.horn_model):
        return

    with h5py.File(args.horn_data, "r") as data:
        x = torch.tensor(data["x"][...], dtype=torch.float64)
        y = torch.tensor(data["y"][...], dtype=torch.float64)
    untrained = read_predictor(args.horn_model)
    elapsed = seconds(lambda: result.update(horn=train_conditional(untrained, x, y)))
    first, last, final = result["horn"]
    print(f"conditional {elapsed:.6f} 1000  # loss(step 1) = {first:.15g}, loss(step 1000) = {last:.15g}, "
          f"F_inf after = {final:.15g}")


if __name__ == "__main__":
    main()
