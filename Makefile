# Shortcuts for developers; the README's two commands work without make.
.PHONY: run test check worker beat fmt
run:
	./scripts/run
test:
	./scripts/test
# the same as CI (.ci/run) without starting services: static checks, then the tests
check:
	./scripts/check
	./scripts/test
worker:
	.venv/bin/celery -A config worker -l info
beat:
	.venv/bin/celery -A config beat -l info
fmt:
	.venv/bin/ruff check --fix .
