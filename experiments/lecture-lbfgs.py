#!/usr/bin/env python3
"""Does the lecture's optimiser get "the wrong minimum" from z̃?

The lecture (practicum 15A, ~29:25) says "L-BFGS actually gets the wrong
minimum" for Y[10], whose E(z) has a second, local minimum near 3π/2. The
lecture used PyTorch; this runs torch.optim.LBFGS as it comes (no line search,
lr = 1, history 100, max_iter 20 per .step()) and with its strong-Wolfe line
search, from z̃ of [infer] with w₀ of [train] in experiments/unconditional.cfg:
on Y[10] alone, on all samples at once (one latent each, one optimiser, as a
notebook might), and on slide 17's five mesh points (the default --probes of
ebm-infer after the origin). For each it prints where z ends, wrapped into
[0, 2π), beside every local minimum of E(y, z) on a fine grid.
Usage: experiments/lecture-lbfgs.py DATA.h5   (make data/unconditional.h5 first;
needs python3-torch, as make bench does). The findings: docs/results.md.
"""
import configparser
import math
import sys

import h5py
import numpy as np
import torch

config = configparser.ConfigParser(inline_comment_prefixes=("#",))
config.read(sys.path[0] + "/unconditional.cfg")
w = [float(v) for v in config["train"]["w0"].split(",")]
z_start = float(config["infer"]["z-start"])
samples = h5py.File(sys.argv[1])["y"][()]


def energy(y, z):  # y (N, 2), z (N)
    return (y[:, 0] - w[0] * torch.cos(z)) ** 2 + (y[:, 1] - w[1] * torch.sin(z)) ** 2


def lbfgs(y, line_search, steps=50):
    y = torch.tensor(y, dtype=torch.float64)
    z = torch.full((len(y),), z_start, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([z], line_search_fn=line_search)

    def closure():
        optimizer.zero_grad()
        total = energy(y, z).sum()
        total.backward()
        return total

    for _ in range(steps):
        optimizer.step(closure)
    return z.detach().numpy() % (2 * math.pi)


def local_minima(y):
    z = np.linspace(0, 2 * math.pi, 100000, endpoint=False)
    e = (y[0] - w[0] * np.cos(z)) ** 2 + (y[1] - w[1] * np.sin(z)) ** 2
    return [f"{z[k]:.3f} (E {e[k]:.3f})" for k in range(len(z)) if e[k] < e[k - 1] and e[k] < e[(k + 1) % len(z)]]


print(f"w0 = {w}, z̃ = {z_start}, torch {torch.__version__}")
batch = {search: lbfgs(samples, search) for search in (None, "strong_wolfe")}
probes = [(y1, -0.5) for y1 in (-3, -2.25, -1.5, -0.75, 0)]
rows = [("Y[10]", samples[9], lambda search: lbfgs(samples[9:10], search)[0], batch[None][9])]
rows += [(f"({y[0]}, {y[1]})", y, lambda search, y=y: lbfgs(np.array([y]), search)[0], None) for y in probes]
print("y | L-BFGS as it comes | with strong Wolfe | all samples at once | local minima of E(y, z)")
for name, y, run, together in rows:
    shown = "" if together is None else f"{together:.3f}"
    print(f"{name} | {run(None):.3f} | {run('strong_wolfe'):.3f} | {shown} | {', '.join(local_minima(y))}")
