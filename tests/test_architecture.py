"""The floors of the house are a contract (pyproject.toml, ``[tool.importlinter]``): a lower
layer never imports a higher one. These tests run the same ``lint-imports`` that
``scripts/check`` and CI run, and prove that it actually catches an upward import."""
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# the packages the contract covers, from the contract itself (one list, in pyproject.toml)
PACKAGES = tuple(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["importlinter"]["root_packages"])

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(),
                                reason="import-linter is a dev dependency")


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    # PYTHONPATH first: the copy's packages shadow the editable install of the checkout
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def _copy_sources(target: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, target / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def test_layers_contract_is_kept_by_the_repository():
    result = _lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Domain floors KEPT" in result.stdout


def test_layers_contract_breaks_on_an_upward_import(tmp_path):
    copy = _copy_sources(tmp_path)
    # core is the ground floor; importing the hazards app from it is the violation
    (copy / "core" / "upward.py").write_text("import hazards.services  # noqa: F401\n")

    result = _lint_imports(copy)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Domain floors BROKEN" in result.stdout
    assert "core.upward -> hazards.services" in result.stdout


def test_layers_contract_breaks_on_an_upward_import_inside_a_function(tmp_path):
    copy = _copy_sources(tmp_path)
    (copy / "accounts" / "late.py").write_text(
        "def late():\n    from inspections import models\n    return models\n")

    result = _lint_imports(copy)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "accounts.late -> inspections.models" in result.stdout


@pytest.mark.parametrize("seed", ["1", "2"])
def test_makemigrations_sees_no_change_whatever_the_hash_seed(seed):
    # a constraint built from a frozenset (DISTRICT_ROLES) once listed its values in hash
    # order: seed 1 saw a changed constraint, seed 2 did not
    env = {**os.environ, "PYTHONHASHSEED": seed, "DATABASE_URL": "sqlite:///:memory:",
           "CELERY_BROKER_URL": "", "DJANGO_SETTINGS_MODULE": "config.settings.local"}

    result = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check",
                             "--dry-run"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
