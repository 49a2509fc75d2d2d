# Shortcuts for developers; the README's two commands work without make.
.PHONY: run test check worker beat fmt
run:
	./scripts/run
test:
	./scripts/test
check:
	.venv/bin/ruff check .
	.venv/bin/python manage.py makemigrations --check --dry-run
	./scripts/test
worker:
	.venv/bin/celery -A config worker -l info
beat:
	.venv/bin/celery -A config beat -l info
fmt:
	.venv/bin/ruff check --fix .
