"""The benchmark's results (bench/run.sh): medians, ranges and speed-ups of the
alternating runs, written to an HDF5 file that the figure `bench` draws
(plots/bench.gp), and printed as a table.

The log holds one line per workload, program and run, "SIDE RUN NAME SECONDS
POINTS  # CHECK" (SIDE: ebm or pytorch), and "load RUN LOAD" before each run.
A speed-up is a ratio of throughputs (points per second) of the two sides in
the same run, so no ratio mixes runs made at different times; its median and
range are over the runs. The F_β pass of the map is map-again − map-cold of
the same run (both after that run's first map, warm as its DGEMM is timed), and
its roofline ratio that time over the same run's DGEMM.
"""
import argparse
import collections
import math
import statistics

import h5py
import numpy

# The speed-ups issue 16 asks for (none for the warm loop).
TARGETS = {"map": 20.0, "train": 50.0, "train-warm": math.nan, "conditional": 10.0}
COMPARED = list(TARGETS)


def read_log(path):
    """times[(side, name)][run] = (seconds, points); checks[(side, name)] = last check; loads[run]."""
    times, checks, loads = collections.defaultdict(dict), {}, {}
    with open(path) as log:
        for line in log:
            fields = line.split()
            if fields[0] == "load":
                loads[int(fields[1])] = float(fields[2])
            elif len(fields) >= 5 and not fields[2].startswith("#"):
                side, run, name = fields[0], int(fields[1]), fields[2]
                times[side, name][run] = (float(fields[3]), int(fields[4]))
                checks[side, name] = line.split("#", 1)[1].strip() if "#" in line else ""
    return times, checks, loads


def summary(values):
    return statistics.median(values), min(values), max(values)


def add_run_arguments(parser):
    """The options bench/run.sh and bench/scaling.sh pass about the runs."""
    for name in ("log", "out", "date"):
        parser.add_argument("--" + name, required=True)
    for name in ("cores", "threads", "rows"):
        parser.add_argument("--" + name, type=int, required=True)
    for name in ("load-before", "load-after"):
        parser.add_argument("--" + name, type=float, required=True)


def run_attributes(args, runs, file_format):
    """The root attributes saying how, when and under what load the runs were made."""
    return {"format": file_format, "format_version": 1, "date": args.date, "cores": args.cores,
            "threads": args.threads, "runs": runs, "map_rows_pytorch": args.rows, "load_before": args.load_before,
            "load_after": args.load_after}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_run_arguments(parser)
    parser.add_argument("--torch", required=True)
    args = parser.parse_args()
    times, checks, loads = read_log(args.log)
    runs = sorted(loads)

    def seconds(side, name):
        return [times[side, name][run][0] for run in runs]

    def per_point(side, name):
        return [times[side, name][run][0] / times[side, name][run][1] for run in runs]

    rows = []
    for name in COMPARED:
        ours, theirs = per_point("ebm", name), per_point("pytorch", name)
        rows.append((name, summary(seconds("ebm", name)), summary(seconds("pytorch", name)),
                     summary([b / a for a, b in zip(ours, theirs)])))
    has_roofline = all(("ebm", "dgemm") in times and run in times["ebm", "dgemm"] for run in runs)
    f_beta = [a - b for a, b in zip(seconds("ebm", "map-again"), seconds("ebm", "map-cold"))]

    with h5py.File(args.out, "w") as out:
        out.attrs.update(run_attributes(args, len(runs), "ebm/bench"))
        out.attrs.update({"torch_version": args.torch, "workloads": " ".join(COMPARED)})
        out["target"] = [TARGETS[name] for name in COMPARED]
        for column, label in ((3, "speedup"), (1, "ebm_seconds"), (2, "pytorch_seconds")):
            out[label] = [row[column][0] for row in rows]
            out[label + "_min"] = [row[column][1] for row in rows]
            out[label + "_max"] = [row[column][2] for row in rows]
        # Every run's value: (W, runs) for the compared workloads, (runs) for the others.
        out["runs/load"] = [loads[run] for run in runs]
        for side in ("ebm", "pytorch"):
            out["runs/" + side + "_seconds"] = numpy.array([seconds(side, name) for name in COMPARED])
            out["runs/" + side + "_points"] = [times[side, name][runs[0]][1] for name in COMPARED]
            for name in COMPARED:
                out.attrs["check_" + side + "_" + name] = checks[side, name]
        out["runs/map_cold_seconds"] = seconds("ebm", "map-cold")
        out["runs/map_again_seconds"] = seconds("ebm", "map-again")
        out["runs/f_beta_seconds"] = f_beta
        if has_roofline:
            out["runs/dgemm_seconds"] = seconds("ebm", "dgemm")
            ratio = summary([a / b for a, b in zip(f_beta, seconds("ebm", "dgemm"))])
            out.attrs.update({"f_beta_over_dgemm": ratio[0], "f_beta_over_dgemm_min": ratio[1],
                              "f_beta_over_dgemm_max": ratio[2]})

    print(f"{len(runs)} alternating runs from {args.date}, {args.threads} threads on {args.cores} cores, load average "
          f"{args.load_before} before, {args.load_after} after (per run: {', '.join(str(loads[r]) for r in runs)})")
    print("| workload | ebm (s) | PyTorch (s) | speed-up | target |")
    print("|---|---|---|---|---|")
    for name, ours, theirs, speedup in rows:
        share = f" ({args.rows} of 1024 rows)" if name == "map" and args.rows != 1024 else ""
        target = "" if math.isnan(TARGETS[name]) else f"≥ {TARGETS[name]:g}×"
        print(f"| {name} | {ours[0]:.4g} ({ours[1]:.4g}–{ours[2]:.4g}) | {theirs[0]:.4g} ({theirs[1]:.4g}–"
              f"{theirs[2]:.4g}){share} | {speedup[0]:.3g}× ({speedup[1]:.3g}–{speedup[2]:.3g}) | {target} |")
    cold = summary(seconds("ebm", "map-cold"))
    print(f"map, F∞ pass alone (map-cold): {cold[0]:.4g} s ({cold[1]:.4g}–{cold[2]:.4g}); "
          f"F_β pass (map-again − map-cold): {statistics.median(f_beta):.4g} s")
    if has_roofline:
        dgemm = summary(seconds("ebm", "dgemm"))
        print(f"roofline: OpenBLAS DGEMM of the F_β pass's shapes {dgemm[0]:.4g} s ({dgemm[1]:.4g}–{dgemm[2]:.4g}); "
              f"F_β pass / DGEMM = {ratio[0]:.3g} ({ratio[1]:.3g}–{ratio[2]:.3g}), goal ≤ 2")
    else:
        print("roofline: no OpenBLAS (Debian package libopenblas0), no DGEMM timed")
    for name in COMPARED:
        print(f"check {name}: ebm {checks['ebm', name]} | PyTorch {checks['pytorch', name]}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
