# The two commands a newcomer needs. Both install missing tools first (see .ci/setup.sh).
.PHONY: run test bench
run:  ## Build (release) and start Skiftet at http://127.0.0.1:3000 with the demo municipality
	bash .ci/run.sh
test: ## Lints, unit, integration (SQLite + PostgreSQL) and browser tests
	bash .ci/test.sh
bench: ## Speed figures: criterion, "Mina pass" on an emulated slow phone and Lighthouse, the server against bare axum, the 300-unit situation picture
	bash .ci/bench.sh
