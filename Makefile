# dolbom-infra — every entry point a person or CI needs. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

STACKCHECK := node bin/stackcheck.js
NODE_STAMP := node_modules/.install-stamp

.PHONY: help install test test-plan fmt lint typecheck bench schema test-ephemeral shellcheck sweep fuzz

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | column -t -s $$'\t'

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(NODE_STAMP) ## install the locked npm dependencies (npm ci) when package-lock.json changed

test: install ## run every test suite (vitest) and the lint checks
	$(MAKE) --no-print-directory lint
	npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
	@node -e 'const r = JSON.parse(require("fs").readFileSync("reports/vitest.json", "utf8")); console.log(`$${r.numPassedTests} passed, $${r.numFailedTests} failed, $${r.numPendingTests + r.numTodoTests} skipped`)'

test-plan: install ## policies + reachability on every deployment (or PLAN_JSON=<file>: a real plan), then the state-bucket root terraform/bootstrap; write reports/
	$(if $(PLAN_JSON),$(STACKCHECK) check --plan-json "$(PLAN_JSON)",$(STACKCHECK) check terraform)
	$(STACKCHECK) check terraform/bootstrap

fmt: install ## rewrite HCL as terraform fmt would (and the module README tables)
	$(STACKCHECK) fmt terraform
	$(STACKCHECK) fmt terraform/bootstrap

lint: install typecheck shellcheck ## check formatting, shell scripts, types and the stack against the provider schema
	$(STACKCHECK) fmt --check terraform
	$(STACKCHECK) fmt --check tests/fixtures/hcl/differential/aws # written in the style of public code: fmt-clean as it is
	$(STACKCHECK) fmt --check terraform/bootstrap
	$(STACKCHECK) validate terraform

shellcheck: ## shellcheck the operator scripts and the test stand-ins (rendered user-data: tests/host)
	shellcheck -x -P SCRIPTDIR .ci/run scripts/*.sh scripts/lib/*.sh tests/host/fixtures/*.sh tests/host/fixtures/bin/* tests/host/fixtures/host-bin/* tests/fixtures/ephemeral/fake-terraform

typecheck: install ## TypeScript strict type check
	npx tsc --noEmit -p tsconfig.json

fuzz: install ## long fuzz run (FUZZ_HCL=5000 HCL + FUZZ_PLAN=2000 plan mutants, 2 workers, niced); failing inputs go to fuzz-findings/
	nice -n 10 npx tsx tests/fuzz/run.ts --hcl $(or $(FUZZ_HCL),5000) --plan $(or $(FUZZ_PLAN),2000) --jobs 2 $(if $(FUZZ_SEED),--seed $(FUZZ_SEED),)

bench: install ## benchmarks (speed and memory targets live here, not in tests)
	@for b in bench/*.bench.ts; do echo "== $$b"; npx tsx "$$b"; done

schema: install ## re-extract schema/*.json from the pinned provider binding packages (network: npm registry) and re-measure schema/aws-defaults.json with the mirror's provider (terraform, offline; tens of minutes)
	npx tsx scripts/extract-schema.ts --src .cache/schema-src --out schema
	nice -n 5 npx tsx scripts/provider-defaults.ts --out schema/aws-defaults.json

test-ephemeral: install ## apply a throw-away copy in the sandbox account, verify + probe it, always destroy (needs terraform, credentials, STACKCHECK_SANDBOX_ACCOUNT_ID)
	$(STACKCHECK) ephemeral

sweep: install ## delete what crashed ephemeral runs left (tagged stackcheck:run-id, older than 6h); dry run in a terminal
	$(STACKCHECK) sweep --older-than 6h
