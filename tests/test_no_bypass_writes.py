"""Every write to a domain table goes through a service's locked ``save()`` (CONVENTIONS §6,
§16): no ``QuerySet.update()`` / ``bulk_update()`` / ``QuerySet.delete()`` and no raw SQL
writes to those tables anywhere in the product's source outside migrations.

Definitions (what this test holds the code to):
- *Domain table*: the table of any model of the apps ``accounts``, ``enterprises``,
  ``inspections`` and ``hazards`` (their models are read from Django's app registry, so a new
  model is covered the day it is added), except the bookkeeping rows listed in
  ``BOOKKEEPING_MODELS`` with the reason they may be stamped by a compare-and-set claim
  (CONVENTIONS §7). The tables of ``imports`` and ``notifications`` (jobs, source keys,
  reminders, inbox) are bookkeeping and may use the claim.
- *Source*: every ``.py`` file of the project's packages (``config``, ``core`` and the apps),
  management commands included. Not scanned: ``migrations/`` (schema and data migrations are
  allowed to write in bulk), ``tests/`` (set-up helpers), and ``bench/`` (by-hand performance
  fixtures that fill a throw-away database with a million rows by SQL).
- *A bypass*: a call of ``update``, ``bulk_update`` or ``delete`` on a queryset of a domain
  model, reached as ``Model.objects…``, through a related manager of a domain model
  (``hazard.transitions.filter(…).update(…)``), or through a variable assigned from either in
  the same file; ``cursor.execute``/``executemany`` or ``Manager.raw`` with SQL that writes
  (``INSERT``/``UPDATE``/``DELETE``/``TRUNCATE``/``COPY``/``MERGE``/``ALTER``) to a domain
  table, or with SQL that is not a literal (it cannot be checked); ``RawSQL`` with such a
  literal.
"""
import ast
import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "core", "accounts", "enterprises", "inspections", "hazards",
            "notifications", "imports")
DOMAIN_APPS = ("accounts", "enterprises", "inspections", "hazards")
BOOKKEEPING_MODELS = {
    # the "last used" stamp of an API token, written at most once a minute per token with a
    # compare-and-set on its old value (accounts.tokens.authenticate_key); not domain data
    "ApiToken": "last-used stamp, compare-and-set",
}
WRITE_CALLS = {"update", "bulk_update", "delete"}
QUERYSET_METHODS = {"filter", "exclude", "all", "select_for_update", "select_related",
                    "prefetch_related", "order_by", "annotate", "only", "defer", "using",
                    "distinct", "none", "values"}
SQL_CALLS = {"execute", "executemany"}


def _domain_models():
    models = [m for app in DOMAIN_APPS for m in apps.get_app_config(app).get_models()]
    names = {m.__name__ for m in models} - set(BOOKKEEPING_MODELS)
    tables = sorted({m._meta.db_table for m in models
                     if m.__name__ not in BOOKKEEPING_MODELS}, key=len, reverse=True)
    accessors = set()
    for model in models:
        if model.__name__ in BOOKKEEPING_MODELS:
            continue
        for rel in model._meta.related_objects:
            if rel.related_model.__name__ in names:
                accessors.add(rel.get_accessor_name())
        for m2m in model._meta.many_to_many:
            accessors.add(m2m.name)
    return names, tables, accessors


DOMAIN_MODELS, DOMAIN_TABLES, DOMAIN_ACCESSORS = _domain_models()
SQL_WRITE = re.compile(
    r"\b(insert\s+into|update|delete\s+from|truncate(\s+table)?|copy|merge\s+into|alter\s+table)"
    r"\s+(only\s+)?\"?(" + "|".join(map(re.escape, DOMAIN_TABLES)) + r")\b", re.IGNORECASE)


def _chain(node):
    """The receiver chain of a call's function, innermost first: names of attributes and
    called methods, and the root (a Name's id, or None)."""
    parts = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            root = node.id if isinstance(node, ast.Name) else None
            return [root, *reversed(parts)]


def _domain_queryset(chain, querysets) -> str | None:
    """The domain model (or accessor) a chain starts a queryset from, if it does."""
    root, parts = chain[0], chain[1:]
    if parts[:1] == ["objects"] and root in DOMAIN_MODELS:
        return root
    for index, part in enumerate(parts):
        if part == "objects" and index and parts[index - 1] in DOMAIN_MODELS:
            return parts[index - 1]
        if part in DOMAIN_ACCESSORS and index + 1 < len(parts) and (
                parts[index + 1] in QUERYSET_METHODS | WRITE_CALLS):
            return f"{root}…{part}"
    if root in querysets and not parts:
        return querysets[root]
    return None


def _sql_literal(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def bypasses_in(source: str, filename: str) -> list[str]:
    """``file:line: what`` for each bypass write in ``source`` (see module docstring)."""
    tree = ast.parse(source, filename)
    querysets = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call | ast.Attribute):
            model = _domain_queryset(_chain(node.value), {})
            if model:
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        querysets[target.id] = model
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, chain = node.func.attr, _chain(node.func.value)
        where = f"{filename}:{node.lineno}"
        if name in WRITE_CALLS:
            model = _domain_queryset(chain, querysets)
            if model and (name != "delete" or len(chain) > 1 or chain[0] in querysets):
                found.append(f"{where}: .{name}() on {model} bypasses the services")
        elif name in SQL_CALLS and any("cursor" in (part or "") for part in chain):
            sql = _sql_literal(node.args[0]) if node.args else None
            if sql is None:
                found.append(f"{where}: {name}() with SQL that is not a literal")
            elif SQL_WRITE.search(sql):
                found.append(f"{where}: {name}() writes a domain table: {sql.strip()[:60]}")
        elif name == "raw" and _domain_queryset([*chain, "raw"], querysets):
            sql = _sql_literal(node.args[0]) if node.args else None
            if sql is None or SQL_WRITE.search(sql):
                found.append(f"{where}: .raw() with SQL that writes or cannot be checked")
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "RawSQL" and node.args):
            sql = _sql_literal(node.args[0])
            if sql and SQL_WRITE.search(sql):
                found.append(f"{filename}:{node.lineno}: RawSQL writes a domain table")
    return found


def _product_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def test_no_source_file_writes_a_domain_table_behind_the_services():
    found = []
    for path in _product_files():
        found += bypasses_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))

    assert found == []


def test_the_scan_covers_every_app_and_knows_the_domain_models():
    scanned = {path.relative_to(ROOT).parts[0] for path in _product_files()}

    assert scanned == set(PACKAGES)
    assert {"Hazard", "HazardTransition", "Inspection", "Enterprise", "User"} <= DOMAIN_MODELS
    assert "hazards_hazard" in DOMAIN_TABLES and "imports_importjob" not in DOMAIN_TABLES


# The detector itself, on the shapes of bypass it must catch and the writes it must allow.
CAUGHT = {
    "Hazard.objects.filter(pk=1).update(version=2)": ".update() on Hazard",
    "Enterprise.objects.filter(pk=e.pk).update(**changes)": ".update() on Enterprise",
    "qs = Inspection.objects.filter(pk=1)\nqs.update(notes='')": ".update() on Inspection",
    "hazard.transitions.filter(action='x').update(note='')": "transitions",
    "Hazard.objects.bulk_update(rows, ['status'])": ".bulk_update() on Hazard",
    "Hazard.objects.filter(pk=1).delete()": ".delete() on Hazard",
    "cursor.execute('UPDATE hazards_hazard SET status = %s', [s])": "writes a domain table",
    "cursor.execute(f'DELETE FROM enterprises_enterprise WHERE id = {i}')":
        "writes a domain table",
    "cursor.execute(sql)": "not a literal",
    "Hazard.objects.raw(query)": ".raw()",
}
ALLOWED = [
    "ImportJob.objects.filter(pk=1).update(status='running')",
    "Reminder.objects.filter(pk=1, sent_at__isnull=True).update(sent_at=now)",
    "ApiToken.objects.filter(pk=1, last_used_at=t).update(last_used_at=now)",
    "values.update(funds=1)",
    "kwargs['initial'].update(rectification_measures='x')",
    "digest.update(chunk)",
    "hazard.delete()",
    "cursor.execute('SELECT code FROM enterprises_district')",
    "Hazard.objects.raw('SELECT * FROM hazards_hazard')",
]


def test_the_detector_catches_each_shape_of_bypass():
    for code, expected in CAUGHT.items():
        found = bypasses_in(code, "x.py")
        assert len(found) == 1 and expected in found[0], (code, found)


def test_the_detector_allows_bookkeeping_claims_and_plain_dict_updates():
    for code in ALLOWED:
        assert bypasses_in(code, "x.py") == [], code
