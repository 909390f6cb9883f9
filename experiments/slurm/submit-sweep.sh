#!/usr/bin/env bash
# Submits a sweep to Slurm (what `make sweep-slurm` runs, after making the
# inputs): the tasks that are not done as job arrays, at most THROTTLE of each
# running at once, and an aggregation job that starts once all of them have
# succeeded (afterok on every array) and is cancelled if one fails
# (--kill-on-invalid-dep). Slurm refuses array indices from its MaxArraySize
# on (scontrol show config; 1001 by default), so a sweep of more tasks goes as
# several arrays of at most that many (ebm-sweep arrays): element e of the
# array of offset O runs task O + e. Run it from the top of the repository,
# where the jobs run too.
#
#   experiments/slurm/submit-sweep.sh EBM_SWEEP SWEEP_FILE DATA_FOLDER EXPERIMENTS_FOLDER THROTTLE [SBATCH_OPTION...]
#
# DATA_FOLDER and EXPERIMENTS_FOLDER are what $DATA and $EXPERIMENTS stand for
# in the sweep file (make's DATA and EXPERIMENTS).
#
# Logs go to OUT/logs/ (OUT: the sweep's folder): %A_%a.out and %A_%a.err for
# element %a of array job %A (the log's first line names its task), and
# aggregate-%j.out and aggregate-%j.err for the aggregation job %j. Prints one
# line per job: "array job ID tasks LIST" and "aggregation job ID". A bad
# sweep file stops it before anything is submitted.
set -euo pipefail
if [ $# -lt 5 ]; then
    echo "usage: $0 EBM_SWEEP SWEEP_FILE DATA_FOLDER EXPERIMENTS_FOLDER THROTTLE [SBATCH_OPTION...]" >&2
    exit 2
fi
ebm_sweep=$1 sweep=$2 data_folder=$3 experiments_folder=$4 throttle=$5
shift 5
folders=(--data-folder "$data_folder" --experiments-folder "$experiments_folder")
if ! [[ $throttle =~ ^[1-9][0-9]*$ ]]; then
    echo "submit-sweep: THROTTLE must be a positive integer (got '$throttle')" >&2
    exit 2
fi
command -v sbatch >/dev/null || { echo "submit-sweep: sbatch not found: run this where Slurm is" >&2; exit 1; }

# The cluster's limit on array indices; Slurm's default where it does not say.
max_array_size=$(scontrol show config 2>/dev/null | sed -n 's/^MaxArraySize *= *\([0-9][0-9]*\).*/\1/p')
# Both check the whole sweep first: a bad file exits here with its message.
arrays=$("$ebm_sweep" arrays "$sweep" "${folders[@]}" --max-array-size "${max_array_size:-1001}")
out=$("$ebm_sweep" makefile "$sweep" "${folders[@]}" | sed -n 's/^SWEEP_OUT := //p')
out=${out//'$(DATA)'/$data_folder}  # make's fragment names the data folder as make does
name=$(basename "$sweep" .cfg)
mkdir -p "$out/logs"

submitted=()
while read -r offset elements tasks <&3; do
    [ -n "$offset" ] || continue  # every task done: an empty listing
    array=$(sbatch --parsable --job-name="sweep-$name" --array="$elements%$throttle" \
        --output="$out/logs/%A_%a.out" --error="$out/logs/%A_%a.err" "$@" \
        experiments/slurm/sweep-task.sbatch "$ebm_sweep" "$sweep" "$data_folder" "$experiments_folder" "$offset")
    array=${array%%;*}  # "ID;CLUSTER" on a federation
    echo "array job $array tasks $tasks"
    submitted+=("$array")
done 3<<<"$arrays"
dependency=()
if [ ${#submitted[@]} -gt 0 ]; then
    dependency=(--dependency="afterok:$(IFS=:; echo "${submitted[*]}")" --kill-on-invalid-dep=yes)
else
    echo "every task of $sweep is done"
fi
aggregate=$(sbatch --parsable --job-name="sweep-$name-table" "${dependency[@]}" \
    --output="$out/logs/aggregate-%j.out" --error="$out/logs/aggregate-%j.err" "$@" \
    experiments/slurm/sweep-aggregate.sbatch "$ebm_sweep" "$sweep" "$data_folder" "$experiments_folder")
echo "aggregation job ${aggregate%%;*}"
