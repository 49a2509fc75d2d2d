"""Scoped querysets come only from the selectors: no view, API view, form or service builds
its own scope with ``accounts.scoping.scope_q`` (it would drift from the selectors' rule)."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "core", "enterprises", "inspections", "hazards", "notifications", "imports",
        "config"]
# where scope_q is defined, and the read-side modules allowed to call it
ALLOWED = {"accounts/scoping.py"}


def _calls_scope_q(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return any(isinstance(node, ast.Call) and getattr(node.func, "id", None) == "scope_q"
               for node in ast.walk(tree))


def test_scope_q_is_called_only_by_selectors():
    callers = sorted(
        str(path.relative_to(ROOT)) for app in APPS for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and _calls_scope_q(path))

    assert callers, "the scan found no selector at all: it is broken"
    assert [c for c in callers if c not in ALLOWED and not c.endswith("selectors.py")] == []
