# Parameter sweeps: one stage run over a table of parameter values (the format
# is in lib/stages/sweep_file.hpp; the sweeps are experiments/sweeps/*.cfg), locally with
# make -j or on a Slurm cluster as one job array. Included by the Makefile.
#
#   make sweep SWEEP=experiments/sweeps/beta.cfg -j4       the tasks not done, then the table
#   make sweep-slurm SWEEP=experiments/sweeps/beta.cfg     the same as a Slurm job array
#   make sweep-status SWEEP=experiments/sweeps/beta.cfg    which tasks are done, missing or stale
#
# A sweep's folder (out = … in its file) holds task-NNN.h5 (one a task),
# tasks.txt (the task table), table.h5 (every task's parameters and results)
# and, on Slurm, logs/. docs/sweeps.md tells the rest.
# A sweep file names its paths itself (config, out, inputs), relative to the
# top of the repository, $DATA standing for the data folder and $EXPERIMENTS
# for the experiments folder: every ebm-sweep here is given DATA as
# --data-folder and EXPERIMENTS as --experiments-folder, so a sweep reads its
# config and writes its outputs where the pipeline does. The sweeps themselves
# are $(EXPERIMENTS)/sweeps/*.cfg: make EXPERIMENTS=mine runs mine's.
SWEEP_FOLDERS = --data-folder $(DATA) --experiments-folder $(EXPERIMENTS)

# sweep-slurm: at most THROTTLE tasks of the array run at once (sbatch --array=…%THROTTLE);
# SBATCH_OPTIONS go to every sbatch, e.g. '--partition=short --time=00:10:00 --mem-per-cpu=1G'.
THROTTLE ?= 8
SBATCH_OPTIONS ?=

SWEEP_GOALS := sweep sweep-slurm sweep-status
ifneq ($(filter $(SWEEP_GOALS),$(MAKECMDGOALS)),)
ifeq ($(SWEEP),)
$(error make $(filter $(SWEEP_GOALS),$(MAKECMDGOALS)) needs SWEEP=$(EXPERIMENTS)/sweeps/NAME.cfg)
endif
endif

ifneq ($(SWEEP),)
# The sweep's tasks as make variables (SWEEP_OUT, SWEEP_TASKS, SWEEP_PREREQUISITES,
# written with $(DATA) and $(EXPERIMENTS)): ebm-sweep writes them, checking the whole sweep first
# (a bad sweep file stops make here, before any task runs or is submitted);
# make rereads them whenever the sweep file changes.
SWEEP_MK := $(DATA)/sweeps/$(subst /,-,$(basename $(SWEEP))).mk
include $(SWEEP_MK)
$(SWEEP_MK): $(SWEEP) $(BIN)/ebm-sweep
	@mkdir -p $(@D)
	$(BIN)/ebm-sweep makefile $(SWEEP) $(SWEEP_FOLDERS) --out $@

## sweep : with SWEEP=FILE, run the sweep's tasks that are not done (-j N: N at once) and aggregate them
sweep: $(SWEEP_OUT)/table.h5 $(SWEEP_OUT)/tasks.txt

# The Makefile's .SECONDARY: makes every target secondary, and GNU make 4.3 then
# remakes no missing task (a deleted one, or one a failed run never wrote) for
# an existing table: while a task is missing, the table is out of date.
ifneq ($(filter-out $(wildcard $(SWEEP_TASKS)),$(SWEEP_TASKS)),)
$(SWEEP_OUT)/table.h5: sweep-always
endif

$(SWEEP_OUT)/tasks.txt: $(SWEEP) $(BIN)/ebm-sweep
	@mkdir -p $(@D)
	$(BIN)/ebm-sweep table $(SWEEP) $(SWEEP_FOLDERS) --out $@

# Task NNN; ebm-sweep makes the folder. A task is done when its output is newer
# than these prerequisites: the rule `ebm-sweep missing` applies on a cluster.
# So a task depends on the whole config file, not on its section's stamp as the
# pipeline's rules do: make and ebm-sweep must agree on which tasks are done.
$(SWEEP_OUT)/task-%.h5: $(SWEEP_PREREQUISITES) $(BIN)/ebm-sweep
	$(RUN) $(BIN)/ebm-sweep run $(SWEEP) $(SWEEP_FOLDERS) --task $*

$(SWEEP_OUT)/table.h5: $(SWEEP_TASKS) $(BIN)/ebm-sweep
	$(RUN) $(BIN)/ebm-sweep aggregate $(SWEEP) $(SWEEP_FOLDERS) --out $@

## sweep-slurm : with SWEEP=FILE, submit its tasks that are not done as one Slurm job array, then an aggregation job
# The inputs and the task table are made here, on the submitting node.
sweep-slurm: $(SWEEP_PREREQUISITES) $(SWEEP_OUT)/tasks.txt $(BIN)/ebm-sweep
	experiments/slurm/submit-sweep.sh $(BIN)/ebm-sweep $(SWEEP) $(DATA) $(EXPERIMENTS) $(THROTTLE) $(SBATCH_OPTIONS)

## sweep-status : with SWEEP=FILE, list its tasks as done, missing or stale
sweep-status: $(BIN)/ebm-sweep
	@$(BIN)/ebm-sweep status $(SWEEP) $(SWEEP_FOLDERS)
endif

# The seed study: the conditional model with its defaults, 20 model seeds on two data seeds.
## figures/seeds-conditional.png : per model seed, |f| against ρ and the held-out F∞ (experiments/sweeps/seeds-conditional*.cfg)
SEED_STUDY := $(DATA)/sweeps/seeds-conditional/table.h5 $(DATA)/sweeps/seeds-conditional-21/table.h5 \
              $(DATA)/conditional.h5 $(DATA)/conditional-seed21.h5
$(FIGURES)/seeds-conditional.png $(FIGURES)/seeds-conditional.svg: $(SEED_STUDY) $(PLOTS)/seeds-conditional.gp \
        $(PLOTS)/style.gp $(BIN)/ebm-plot
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-plot --figure seeds-conditional --scripts $(PLOTS) --in $(SEED_STUDY) --out $@ --width 1300 --height 900

## figures/energy-iii-lambda.png : Energy III's held-out F∞ against F∞ off the data, per λ and regulariser (experiments/sweeps/energy-iii-lambda.cfg)
$(FIGURES)/energy-iii-lambda.png $(FIGURES)/energy-iii-lambda.svg: $(DATA)/sweeps/energy-iii-lambda/table.h5 \
        $(PLOTS)/energy-iii-lambda.gp $(PLOTS)/style.gp $(BIN)/ebm-plot
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-plot --figure energy-iii-lambda --scripts $(PLOTS) --in $< --out $@ --width 1200 --height 900

## figures/likelihood-beta.png : held-out NLL against training β per latent count, with the generator's floor, and the trained w (experiments/sweeps/likelihood.cfg)
$(FIGURES)/likelihood-beta.png $(FIGURES)/likelihood-beta.svg: $(DATA)/sweeps/likelihood/table.h5 $(DATA)/likelihood.h5 \
        $(PLOTS)/likelihood-beta.gp $(PLOTS)/likelihood-beta-nll.gpi $(PLOTS)/style.gp $(BIN)/ebm-plot
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-plot --figure likelihood-beta --scripts $(PLOTS) --in $(DATA)/sweeps/likelihood/table.h5 $(DATA)/likelihood.h5 \
	    --out $@ --width 1300 --height 1000

## figures/likelihood-beta-conditional.png : the same for the horn, with the noise σ̂ read out per band of x (experiments/sweeps/likelihood-conditional.cfg)
$(FIGURES)/likelihood-beta-conditional.png $(FIGURES)/likelihood-beta-conditional.svg: $(DATA)/sweeps/likelihood-conditional/table.h5 \
        $(PLOTS)/likelihood-beta-conditional.gp $(PLOTS)/likelihood-beta-nll.gpi $(PLOTS)/style.gp $(BIN)/ebm-plot
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-plot --figure likelihood-beta-conditional --scripts $(PLOTS) --in $< --out $@ --width 1300 --height 1000

# sweep_table(NAME, INPUTS): DATA/sweeps/NAME/table.h5 made by a sub-make of
# EXPERIMENTS/sweeps/NAME.cfg (the sub-make gets DATA and EXPERIMENTS as this make has them). INPUTS, the sweep's [inputs], are made here
# first: the sub-make then finds them made, and two makes never write one file.
define sweep_table
ifneq ($(SWEEP),$(EXPERIMENTS)/sweeps/$(1).cfg)
$(DATA)/sweeps/$(1)/table.h5: sweep-always $(2)
	@$$(MAKE) --no-print-directory sweep SWEEP=$(EXPERIMENTS)/sweeps/$(1).cfg
endif
endef
$(eval $(call sweep_table,beta,$(DATA)/unconditional.h5 $(DATA)/unconditional-heldout.h5))
$(eval $(call sweep_table,seeds-conditional,$(DATA)/conditional.h5 $(DATA)/conditional-heldout.h5))
$(eval $(call sweep_table,seeds-conditional-21,$(DATA)/conditional-seed21.h5 $(DATA)/conditional-heldout.h5))
$(eval $(call sweep_table,energy-iii-lambda,$(DATA)/conditional.h5 $(DATA)/conditional-heldout.h5))
$(eval $(call sweep_table,likelihood,$(DATA)/likelihood.h5 $(DATA)/likelihood-heldout.h5))
$(eval $(call sweep_table,likelihood-conditional,$(DATA)/likelihood-conditional.h5 $(DATA)/likelihood-conditional-heldout.h5))
sweep-always:

.PHONY: sweep sweep-slurm sweep-status sweep-always

