# ebm: the experiment pipeline as a DAG of real files.
#
#   make           install missing Debian packages, build, run the pipeline, draw every figure
#   make test      the same set-up, then every test through ctest
#   make help      list the targets
#
# Every output is a file target whose prerequisites are its inputs, the config
# sections it reads and the executable that makes it: edit a config section or
# a source file and `make` remakes exactly what depends on it. RUN prefixes
# every pipeline recipe, e.g. RUN='srun -n1 -c1' inside a Slurm allocation.

SHELL := /bin/bash
.DELETE_ON_ERROR:
# Keep every made file: data made by pattern rules is a result, not scratch.
.SECONDARY:
.SUFFIXES:
.DEFAULT_GOAL := all

RUN ?=
BUILD ?= build
BIN := $(BUILD)/bin
DATA ?= data
EXPERIMENTS ?= experiments
FIGURES ?= figures
PLOTS ?= plots
CMAKE_BUILD_TYPE ?= Release
CTEST_JOBS ?= 2

# Debian packages: to build and run the pipeline, and in addition to test it.
PACKAGES := g++ make cmake pkg-config util-linux libboost-program-options-dev libhdf5-dev hdf5-tools \
            xtensor-dev libxsimd-dev libdlib-dev libblas-dev liblapack-dev libssl-dev \
            gnuplot-nox fonts-dejavu-core
TEST_PACKAGES := $(PACKAGES) catch2 file imagemagick python3-h5py python3-numpy slurm-wlm munge

LIB_SOURCES := $(wildcard lib/*/*.hpp lib/*/*.cpp) CMakeLists.txt

## all : build, run the pipeline and draw every figure (the default)
all: pipeline figures

# ---------------------------------------------------------------- set-up

# Installs what is missing when it can (root, or sudo without a password);
# otherwise prints the apt-get line to run and stops.
define install_packages
	@missing=""; for package in $(1); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; \
	  elif sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	  else echo "ebm needs these Debian packages; run:"; \
	       echo "  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; fi; \
	  echo "Installing Debian packages:$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq$$missing; \
	fi
endef

## deps : install the Debian packages the pipeline needs (if missing)
deps:
	$(call install_packages,$(PACKAGES))

## test-deps : install the Debian packages the tests need (if missing)
test-deps:
	$(call install_packages,$(TEST_PACKAGES))

# The tests (and Catch2) only when asked: make test configures them in.
# EBM_WERROR=ON turns the compiler's warnings into errors (CI does).
EBM_WERROR ?= OFF
CMAKE_CONFIGURE = cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) -DEBM_WERROR=$(EBM_WERROR)
# One cmake at a time in a build folder (flock), also from two makes at once:
# two would race on the shared library, or on the cache and the generated files.
$(BUILD)/CMakeCache.txt: CMakeLists.txt | deps
	@mkdir -p $(BUILD)
	flock $(BUILD)/.build-lock $(CMAKE_CONFIGURE) -DBUILD_TESTING=OFF
	@touch $@

# touch: cmake leaves an up-to-date binary alone, make must see it remade.
$(BIN)/%: pipeline/%.cpp $(LIB_SOURCES) | $(BUILD)/CMakeCache.txt
	flock $(BUILD)/.build-lock cmake --build $(BUILD) --target $* -j2
	@touch $@

## build : compile every executable and test into build/
build: $(BUILD)/CMakeCache.txt
	flock $(BUILD)/.build-lock cmake --build $(BUILD) -j2

# ---------------------------------------------------------------- pipeline

# A rule depends on the config sections its stage reads, not on the whole file:
# $(call section,NAME,SECTION) is a stamp holding the options that section of
# $(EXPERIMENTS)/NAME.cfg gives its stage, with those of the sections it falls
# back to ([train.ztl] reads [train] too). Every make compares each stamp with
# the config (FORCE), but experiments/config-section.sh rewrites a stamp only
# when its text changes, so editing [infer], or any comment, leaves the data
# and the models alone. `+` runs the comparison under make -n and -q too, which
# would otherwise assume every stamp, and so everything after it, remade. The
# configs themselves are order-only prerequisites: they must exist, their
# time does not count.
SECTION_TEXT := experiments/config-section.sh
section = $(DATA)/.config/$(1)/$(2).stamp
$(DATA)/.config/%.stamp: FORCE
	@+bash $(SECTION_TEXT) $(EXPERIMENTS)/$(*D).cfg $(*F) $@
FORCE:

U := $(EXPERIMENTS)/unconditional.cfg

## data/unconditional.h5 : the 24 samples of the lecture's ellipse
## data/conditional.h5 : the horn (conditional case)
$(DATA)/%.h5: $(call section,%,generate) $(BIN)/ebm-generate | $(EXPERIMENTS)/%.cfg
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-generate --config $| --out $@

## data/unconditional-heldout.h5 : held-out samples of the ellipse (another seed)
$(DATA)/unconditional-heldout.h5: $(call section,unconditional,generate.heldout) $(BIN)/ebm-generate | $(U)
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-generate --config $| --section generate.heldout --out $@

## data/models/RUN.h5 : the ellipse model of [train.RUN] (untrained, ztl, warm, ml)
$(DATA)/models/%.h5: $(call section,unconditional,train.%) $(DATA)/unconditional.h5 $(DATA)/unconditional-heldout.h5 \
        $(BIN)/ebm-train | $(U)
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-train --config $| --section train.$* --data $(DATA)/unconditional.h5 \
	    --heldout $(DATA)/unconditional-heldout.h5 --out $@

## data/inference/RUN.h5 : ž, F∞, F_β, ⟨E⟩ of model RUN on the samples, the mesh and a fine map; its likelihood on the held-out samples
$(DATA)/inference/%.h5: $(call section,unconditional,infer) $(DATA)/models/%.h5 $(DATA)/unconditional.h5 \
        $(DATA)/unconditional-heldout.h5 $(BIN)/ebm-infer | $(U)
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-infer --config $| --model $(DATA)/models/$*.h5 --data $(DATA)/unconditional.h5 \
	    --likelihood-data $(DATA)/unconditional-heldout.h5 --out $@

MODELS := untrained ztl warm ml
## pipeline : every data, model and inference file
pipeline: $(MODELS:%=$(DATA)/inference/%.h5) $(DATA)/conditional.h5

# ---------------------------------------------------------------- the conditional case (network models)
C := $(EXPERIMENTS)/conditional.cfg
HORN_RUNS := conditional-untrained conditional decoder-mlp latent-free latent-l2 latent-shell

## data/conditional-heldout.h5 : held-out samples of the horn (another seed)
## data/conditional-seed21.h5 : the horn of another data seed, for the seed study
$(DATA)/conditional-%.h5: $(call section,conditional,generate.%) $(BIN)/ebm-generate | $(C)
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-generate --config $| --section generate.$* --out $@

## data/horn-models/RUN.h5 : the network model of [train.RUN] in conditional.cfg (conditional-untrained, conditional, decoder-mlp, latent-free, latent-l2, latent-shell)
$(DATA)/horn-models/%.h5: $(call section,conditional,train.%) $(DATA)/conditional.h5 $(DATA)/conditional-heldout.h5 \
        $(BIN)/ebm-train | $(C)
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-train --config $| --section train.$* --data $(DATA)/conditional.h5 \
	    --heldout $(DATA)/conditional-heldout.h5 --out $@

## data/horn-inference/RUN.h5 : ž and F∞ of the held-out horn, the manifold and F∞ maps of network model RUN
$(DATA)/horn-inference/%.h5: $(call section,conditional,infer.%) $(DATA)/horn-models/%.h5 $(DATA)/conditional-heldout.h5 \
        $(BIN)/ebm-infer | $(C)
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-infer --config $| --section infer.$* --model $(DATA)/horn-models/$*.h5 \
	    --data $(DATA)/conditional-heldout.h5 --out $@

pipeline: $(HORN_RUNS:%=$(DATA)/horn-inference/%.h5)

# ---------------------------------------------------------------- figures

# figure(NAME, SCRIPT, INPUTS, EXTRA OPTIONS): figures/NAME.png and .svg drawn
# by plots/SCRIPT.gp from INPUTS; each depends on its data, its script, the
# house style and ebm-plot. A script that fails names itself and fails make.
# figures/NAME.caption is its caption for the gallery: the line NAME of
# plots/captions.tsv with the numbers filled in from the same inputs.
define figure
$(FIGURES)/$(1).png $(FIGURES)/$(1).svg: $(3) $(PLOTS)/$(2).gp $(PLOTS)/style.gp $(BIN)/ebm-plot
	@mkdir -p $$(@D)
	$$(RUN) $(BIN)/ebm-plot --figure $(2) --scripts $(PLOTS) --in $(3) --out $$@ $(4)
$(FIGURES)/$(1).caption: $(3) $(PLOTS)/$(2).gp $(PLOTS)/style.gp $(PLOTS)/captions.tsv $(BIN)/ebm-plot
	@mkdir -p $$(@D)
	$$(RUN) $(BIN)/ebm-plot --figure $(2) --scripts $(PLOTS) --in $(3) --caption $(1) --out $$@ $(4)
FIGURE_NAMES += $(1)
FIGURE_ENTRIES += $(1)=$(2)=$(subst $(space),$(comma),$(strip $(3)))
endef
space := $(subst ,, )
comma := ,

I := $(DATA)/inference
$(eval $(call figure,samples,samples,$(DATA)/unconditional.h5))
$(eval $(call figure,samples-horn,samples-horn,$(DATA)/conditional.h5))
$(eval $(call figure,manifold-untrained,manifold-untrained,$(I)/untrained.h5))
$(eval $(call figure,energy-grid,energy-grid,$(I)/untrained.h5))
$(eval $(call figure,energy-sample-Y23,energy-sample,$(I)/untrained.h5,--set sample=23 --width 1200 --height 650))
$(eval $(call figure,energy-sample-Y10,energy-sample,$(I)/untrained.h5,--set sample=10 --width 1200 --height 650))
$(eval $(call figure,inference-Y10,inference,$(I)/untrained.h5,--set sample=10 --set method=gd --width 1500 --height 650))
$(eval $(call figure,inference-Y23,inference,$(I)/untrained.h5,--set sample=23 --set method=gd --width 1500 --height 650))
$(eval $(call figure,mesh,mesh,$(I)/untrained.h5))
$(eval $(call figure,energy-five,energy-five,$(I)/untrained.h5,--width 1400 --height 650))
$(eval $(call figure,free-energy-map,free-energy-map,$(I)/untrained.h5))
$(eval $(call figure,free-energy-map-fine,free-energy-map,$(I)/untrained.h5,--set fine=1))
$(eval $(call figure,free-energy-3d,free-energy-3d,$(I)/untrained.h5))
$(eval $(call figure,cross-section-cold,cross-section-cold,$(I)/untrained.h5))
$(eval $(call figure,beta-weights-Y23,beta-weights,$(I)/untrained.h5,--set probe=1 --width 1300 --height 700))
$(eval $(call figure,beta-weights-Y10,beta-weights,$(I)/untrained.h5,--set probe=0 --width 1300 --height 700))
$(eval $(call figure,beta-weights-origin,beta-weights,$(I)/untrained.h5,--set probe=2 --width 1300 --height 700))
$(eval $(call figure,cross-section-betas,cross-section-betas,$(I)/untrained.h5))
$(eval $(call figure,beta-limit,beta-limit,$(I)/untrained.h5))
$(eval $(call figure,cross-section-trained,cross-section-trained,$(I)/ztl.h5))
$(eval $(call figure,inference-methods,inference-methods,$(I)/untrained.h5,--width 1300 --height 650))
M := $(DATA)/models
$(eval $(call figure,training,training,$(M)/ztl.h5 $(M)/warm.h5 $(DATA)/unconditional.h5,--width 1600 --height 1100))
$(eval $(call figure,loss-history,loss-history,$(M)/ztl.h5 $(M)/warm.h5,--width 1500 --height 650))
$(eval $(call figure,likelihood-density,likelihood-density,$(I)/ztl.h5 $(I)/warm.h5 $(I)/ml.h5,--width 1400 --height 1000))
$(eval $(call figure,likelihood-readout,likelihood-readout,$(I)/ztl.h5,--width 1300 --height 750))
# The β sweep's table: experiments/sweep.mk makes it (9 trainings, about a second).
$(eval $(call figure,sweep-beta,sweep-beta,$(DATA)/sweeps/beta/table.h5 $(DATA)/unconditional.h5))
H := $(DATA)/horn-inference
$(eval $(call figure,manifold-conditional-untrained,manifold-conditional-untrained,$(H)/conditional-untrained.h5))
$(eval $(call figure,manifold-conditional-trained,manifold-conditional-trained,$(H)/conditional.h5))
# manifold-conditional-trained.gp loads manifold-conditional-untrained.gp.
$(FIGURES)/manifold-conditional-trained.png $(FIGURES)/manifold-conditional-trained.svg: $(PLOTS)/manifold-conditional-untrained.gp \
    $(FIGURES)/manifold-conditional-trained.caption
$(eval $(call figure,energy-ii,energy-ii,$(H)/decoder-mlp.h5,--width 1300 --height 1100))
$(eval $(call figure,likelihood-conditional,likelihood-conditional,$(H)/conditional.h5,--width 1300 --height 1000))
$(eval $(call figure,energy-iii,energy-iii,$(H)/latent-free.h5 $(H)/latent-l2.h5 $(H)/latent-shell.h5,--width 1600 --height 1450))

## figures : every figure as PNG in figures/, and the gallery figures/index.html
figures: $(FIGURE_NAMES:%=$(FIGURES)/%.png) $(FIGURES)/index.html
## svg : every figure as SVG in figures/
svg: $(FIGURE_NAMES:%=$(FIGURES)/%.svg)

## figures/index.html : a gallery of every figure with its caption (numbers from its data), lecture slide and provenance (the files upstream of its data, with their seeds and options)
$(FIGURES)/index.html: $(PLOTS)/gallery.sh $(PLOTS)/captions.tsv $(PLOTS)/sections.tsv Makefile \
        $(FIGURE_NAMES:%=$(FIGURES)/%.caption)
	@mkdir -p $(@D)
	bash $(PLOTS)/gallery.sh $(PLOTS)/captions.tsv $(PLOTS)/sections.tsv $(FIGURES) $(DATA) $(FIGURE_ENTRIES) > $@.tmp.$$$$ && mv -f $@.tmp.$$$$ $@

# ---------------------------------------------------------------- checks

## test : build everything and run every test (unit and end-to-end) through ctest
test: test-deps $(BUILD)/CMakeCache.txt
	flock $(BUILD)/.build-lock $(CMAKE_CONFIGURE) -DBUILD_TESTING=ON
	@$(MAKE) --no-print-directory build
	cd $(BUILD) && ctest --output-on-failure -j$(CTEST_JOBS)

# The sanitized build: clang with AddressSanitizer, UBSan and the libFuzzer
# targets (CMakeLists.txt, EBM_FUZZ), shared by test-sanitize and fuzz.
SANITIZE_BUILD ?= build-sanitize
SANITIZE_PACKAGES := $(TEST_PACKAGES) clang-14 libclang-rt-14-dev libomp-14-dev
# Any finding stops the program with its own exit code (97 ASan, 98 UBSan), so
# that no test expecting a plain failure (exit 1) can mistake it for one.
SANITIZE_ENV := ASAN_OPTIONS=halt_on_error=1:exitcode=97:detect_leaks=1:strict_string_checks=1 \
                UBSAN_OPTIONS=halt_on_error=1:exitcode=98:print_stacktrace=1

sanitize-build:
	$(call install_packages,$(SANITIZE_PACKAGES))
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(SANITIZE_BUILD) -DEBM_FUZZ=ON -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE)
	flock $(SANITIZE_BUILD)/.build-lock cmake --build $(SANITIZE_BUILD) -j2

## test-sanitize : every test (unit, end-to-end, the fuzzers' short runs) on a clang build with AddressSanitizer and UBSan, in build-sanitize/
# Not the seed study: it checks what 40 trainings learn, not memory safety, and
# its code runs sanitized in the unit tests and pipeline.sh.
test-sanitize: sanitize-build
	cd $(SANITIZE_BUILD) && $(SANITIZE_ENV) ctest --output-on-failure -j$(CTEST_JOBS) -E 'e2e: (seed_study|likelihood_seeds)'

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := h5_readers config sweep plot_export
## fuzz : run each libFuzzer target (HDF5 readers, config and sweep parsers, ebm-plot's export of built files) for FUZZ_SECONDS (60); a crash is saved under tests/fuzz-regressions/
fuzz: sanitize-build
	@set -o pipefail; for target in $(FUZZ_TARGETS); do \
	  mkdir -p $(SANITIZE_BUILD)/fuzz/corpus-$$target tests/fuzz-regressions/$$target; \
	  echo "fuzz_$$target: $(FUZZ_SECONDS) s"; \
	  $(SANITIZE_BUILD)/fuzz/fuzz_$$target -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
	    -artifact_prefix=tests/fuzz-regressions/$$target/ $(SANITIZE_BUILD)/fuzz/corpus-$$target fuzz/seeds/$$target \
	    2>&1 | tee $(SANITIZE_BUILD)/fuzz/$$target.log | grep -E '^(Done|==|SUMMARY|Test unit written)' || exit 1; \
	done

# Not part of `make test`: two builds and two whole pipeline runs.
OLD ?= main
NEW ?=
COMPARE_OPTIONS ?=
## compare-pipelines : build and run the whole pipeline of revision OLD (main) and of the working tree (or revision NEW) in temporary worktrees; compare every output byte for byte (tests/compare_pipelines.sh)
compare-pipelines:
	bash tests/compare_pipelines.sh $(COMPARE_OPTIONS) $(OLD) $(NEW)

# libopenblas0: the roofline's DGEMM (ebm-bench opens it at run time).
BENCH_PACKAGES := $(PACKAGES) python3-torch python3-h5py python3-numpy libopenblas0
# PyTorch's share of the map: 64 of its 1024 rows (the whole map takes it ~1 min here).
BENCH_ROWS ?= 64
BENCH_RUNS ?= 5
## bench : time the issues' workloads in ebm and in PyTorch, alternating, BENCH_RUNS (5) runs each; print medians, ranges and speed-ups with the load average; write data/bench/results.h5 and figures/bench.png
bench: $(BIN)/ebm-bench $(DATA)/unconditional.h5 $(DATA)/bench/horn.h5 $(DATA)/bench/horn-untrained.h5
	$(call install_packages,$(BENCH_PACKAGES))
	bash bench/run.sh $(BIN) $(DATA)/unconditional.h5 $(DATA)/bench/horn.h5 $(DATA)/bench/horn-untrained.h5 \
	    $(DATA)/bench/results.h5 2 $(BENCH_ROWS) $(BENCH_RUNS)
	@$(MAKE) --no-print-directory $(FIGURES)/bench.png

BENCH_SCALING_ROWS ?= 32
## bench-scaling : the map's time against grid points and against latents, ebm and PyTorch (PyTorch: BENCH_SCALING_ROWS rows of each map), 3 alternating runs; write data/bench/scaling.h5 and figures/bench-scaling.png
bench-scaling: $(BIN)/ebm-bench
	$(call install_packages,$(BENCH_PACKAGES))
	@mkdir -p $(DATA)/bench
	bash bench/scaling.sh $(BIN) $(DATA)/bench/scaling.h5 2 $(BENCH_SCALING_ROWS) 3
	@$(MAKE) --no-print-directory $(FIGURES)/bench-scaling.png

# bench_figure(NAME, INPUT): figures/NAME.png and .svg from the last
# measurement (no rule makes INPUT but make bench or make bench-scaling).
define bench_figure
$(FIGURES)/$(1).png $(FIGURES)/$(1).svg: $(2) $(PLOTS)/$(1).gp $(PLOTS)/style.gp $(BIN)/ebm-plot
	@mkdir -p $$(@D)
	$(BIN)/ebm-plot --figure $(1) --scripts $(PLOTS) --in $$< --out $$@ --width 1300 --height 750
endef
$(eval $(call bench_figure,bench,$(DATA)/bench/results.h5))
$(eval $(call bench_figure,bench-scaling,$(DATA)/bench/scaling.h5))

# The conditional workload's inputs, fixed here rather than taken from
# experiments/conditional.cfg so that editing an experiment leaves the benchmark alone.
## data/bench/horn.h5 : the benchmark's 1024 horn samples
$(DATA)/bench/horn.h5: $(BIN)/ebm-generate
	@mkdir -p $(@D)
	$(RUN) $(BIN)/ebm-generate --case conditional --n 1024 --seed 2 --out $@

## data/bench/horn-untrained.h5 : the benchmark's untrained conditional model, 48 latents (both sides start from it)
$(DATA)/bench/horn-untrained.h5: $(DATA)/bench/horn.h5 $(BIN)/ebm-train
	$(RUN) $(BIN)/ebm-train --model conditional --epochs 0 --seed 7 --z 48 --data $< --out $@

$(BIN)/ebm-bench: bench/bench.cpp $(LIB_SOURCES) | $(BUILD)/CMakeCache.txt
	flock $(BUILD)/.build-lock cmake --build $(BUILD) --target ebm-bench -j2
	@touch $@

## clean : remove generated data and figures (keeps the build)
clean:
	rm -rf $(DATA) $(FIGURES)

## distclean : remove everything generated, the build too
distclean: clean
	rm -rf $(BUILD) $(SANITIZE_BUILD)

## help : list the targets
help:
	@grep -hE '^## ' $(MAKEFILE_LIST) | sed -e 's/^## /  /' -e 's/ : / — /'

.PHONY: FORCE all pipeline bench bench-scaling deps test-deps build figures svg test sanitize-build test-sanitize fuzz compare-pipelines clean distclean help

include experiments/sweep.mk
