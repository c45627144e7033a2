# Densito: the README's commands. `make demo` and `make test` work on a fresh machine.
SWIFT ?= swift
RELEASE_BIN := .build/release/densito
## The shipped binaries link the Swift runtime and Foundation statically: a one-shot command
## then maps only the pages it uses, which cuts the process's own resident size from about
## 21 MB to 15 MB and its start-up time (Docs/performance.md).
RELEASE_FLAGS := -c release --static-swift-stdlib

.PHONY: setup build release demo test fuzz-short fuzz bench bench-imagej clean

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build $(RELEASE_FLAGS) --product densito

## Builds in release mode and runs the main job on the bundled demo experiment.
demo: release
	$(RELEASE_BIN) analyze TestImages/demo/experiment.yaml --out demo-results

## Builds and runs the whole test suite. Optimised (-c release) with testing enabled: the
## end-to-end specs analyse real-size images, which a debug build does ten times slower.
TEST_FLAGS := -c release -Xswiftc -enable-testing
test: setup
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS)

## A short libFuzzer run per decoder (about a minute each); fails on a crash.
fuzz-short: setup
	bash Fuzz/run.sh 60

## A long fuzz run: FUZZ_SECONDS per harness.
fuzz: setup
	bash Fuzz/run.sh $${FUZZ_SECONDS:-3600}

bench: setup
	$(SWIFT) build $(RELEASE_FLAGS) --product densito-bench
	.build/release/densito-bench

## Densito and ImageJ 1.53t side by side (Docs/performance.md): installs ImageJ, Xvfb and the
## input generator's Python modules from Debian when missing, then prints the ratio table.
## BENCH_ARGS=--quick for a two-minute smoke run.
bench-imagej: setup
	bash scripts/setup.sh imagej xvfb xauth
	python3 -c 'import numpy, scipy, tifffile' 2>/dev/null || \
	  bash scripts/setup.sh python3-numpy python3-scipy python3-tifffile
	bash Benchmarks/compare-imagej.sh $(BENCH_ARGS)

clean:
	rm -rf .build .build-fuzz
