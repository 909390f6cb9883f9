"""make bench-scaling's results (bench/scaling.sh): the median time of the map
(F∞ + F_β, β = 1) of each side against grid points and against latents, and
ebm's peak resident memory, written to an HDF5 file that the figure
`bench-scaling` draws (plots/bench-scaling.gp).

The log holds "SIDE RUN scaling N Z SECONDS [PEAK_KIB]" lines (SIDE: ebm or
pytorch; an n × n grid, Z latents) and "load RUN LOAD" lines.
"""
import argparse
import collections
import statistics

import h5py

from results import add_run_arguments, run_attributes

GRID_LATENTS, LATENTS_GRID = 1024, 256  # the latents of the grid sweep, the grid side of the latent sweep


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_run_arguments(parser)
    args = parser.parse_args()
    seconds, peaks, runs = collections.defaultdict(list), collections.defaultdict(list), set()
    with open(args.log) as log:
        for line in log:
            if line.startswith("load "):
                continue
            side, run, _, n, latents, time, *peak = line.split()
            runs.add(run)
            seconds[side, int(n), int(latents)].append(float(time))
            if peak:
                peaks[int(n), int(latents)].append(int(peak[0]) / 1024.0)  # MiB

    def sweep(sizes):
        return {side + "_seconds": [statistics.median(seconds[side, n, z]) for n, z in sizes]
                for side in ("ebm", "pytorch")} | {"ebm_peak_mib": [max(peaks[n, z]) for n, z in sizes]}

    grid = sorted({(n, z) for _, n, z in seconds if z == GRID_LATENTS})
    latents = sorted({(n, z) for _, n, z in seconds if n == LATENTS_GRID})
    with h5py.File(args.out, "w") as out:
        out.attrs.update(run_attributes(args, len(runs), "ebm/bench-scaling"))
        out.attrs.update({"grid_latents": GRID_LATENTS, "latents_grid": LATENTS_GRID})
        out["grid/points"] = [n * n for n, _ in grid]
        out["latents/count"] = [z for _, z in latents]
        for name, values in sweep(grid).items():
            out["grid/" + name] = values
        for name, values in sweep(latents).items():
            out["latents/" + name] = values
    print(f"{len(runs)} alternating runs from {args.date}, load average {args.load_before} before, "
          f"{args.load_after} after; median seconds of the map (PyTorch: {args.rows} rows, scaled to the whole map)")
    for title, sizes in (("grid points", grid), ("latents", latents)):
        for n, z in sizes:
            print(f"{title}: {n} x {n} grid, {z} latents: ebm {statistics.median(seconds['ebm', n, z]):.4g} s "
                  f"(peak {max(peaks[n, z]):.0f} MiB), PyTorch {statistics.median(seconds['pytorch', n, z]):.4g} s")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
