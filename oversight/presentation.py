"""Turning a figures dict (``oversight.reports.report_figures``) into rows for the pages and
the PDF: labels, display strings for rates and changes, and register links for the figures the
register can list exactly (hazards found in the period, by grade and source; closures)."""
from decimal import Decimal

from django.utils.translation import gettext as _

from hazards.enums import HazardSource

from .dashboards import register_link
from .figures import FIGURES, NEW
from .scope import Scope


def display(kind: str, value) -> str:
    """A figure for reading: counts as is, rates with %, days with one place, None as —."""
    if value is None:
        return "—"
    if kind == "rate":
        return f"{value}%"
    return str(value)


def display_change(kind: str, value) -> str:
    """A change: "+150.0%", "−20.0%", "新增" (from 0), "+10.0个百分点" for rates, "—"."""
    if value is None:
        return "—"
    if value == NEW:
        return _("新增")
    number = Decimal(value)
    sign = "+" if number > 0 else ""
    if kind == "rate":
        return _("%(sign)s%(value)s个百分点") % {"sign": sign, "value": number}
    if kind == "days":
        return _("%(sign)s%(value)s天") % {"sign": sign, "value": number}
    return f"{sign}{number}%"


def change_class(key: str, value) -> str:
    if value in (None, NEW) or Decimal(value) == 0:
        return ""
    return "change-up" if Decimal(value) > 0 else "change-down"


def figure_links(figures: dict) -> dict[str, str]:
    """Register links for the current period's figures that the register can express."""
    scope = Scope(**{key: value for key, value in figures["scope"].items()
                     if key in ("district", "township", "sector", "enterprise")})
    if figures["scope"].get("department"):
        return {}  # the register has no department filter
    period = figures["period"]
    found = {"registered_from": period["start"], "registered_to": period["end"]}
    links = {"found": register_link(scope, **found),
             "found_general": register_link(scope, grade="general", **found),
             "found_major": register_link(scope, grade="major", **found),
             "closed": register_link(scope, status="closed", closed_to=period["end"], **found),
             "closed_major": register_link(scope, status="closed", grade="major",
                                           closed_to=period["end"], **found),
             "closed_in_period": register_link(scope, closed_from=period["start"],
                                               closed_to=period["end"])}
    for source in HazardSource:
        links[f"found_{source.value}"] = register_link(scope, source=source.value, **found)
        links[f"found_{source.value}_major"] = register_link(scope, source=source.value,
                                                             grade="major", **found)
    return links


def figure_table(figures: dict, *, links: bool = True) -> list[dict]:
    """One row per figure: ``{"key", "label", "current", "previous", "mom", "year_earlier",
    "yoy", "mom_class", "yoy_class", "link"}`` (display strings)."""
    hrefs = figure_links(figures) if links else {}
    rows = []
    for key, label, kind in FIGURES:
        rows.append({
            "key": key, "label": label,
            "current": display(kind, figures["current"][key]),
            "previous": display(kind, figures["previous_figures"][key]),
            "year_earlier": display(kind, figures["year_earlier_figures"][key]),
            "mom": display_change(kind, figures["mom"][key]),
            "yoy": display_change(kind, figures["yoy"][key]),
            "mom_class": change_class(key, figures["mom"][key]),
            "yoy_class": change_class(key, figures["yoy"][key]),
            "link": hrefs.get(key),
        })
    return rows


def breakdown_table(figures: dict) -> list[dict]:
    """The breakdown rows with display strings for the page/PDF columns."""
    from .reports import BREAKDOWN_FIGURES

    kinds = {key: kind for key, _label, kind in FIGURES}
    return [{"code": row["code"], "name": row["name"] or _("未填镇街"),
             "cells": [display(kinds[key], row[key]) for key in BREAKDOWN_FIGURES]}
            for row in figures["breakdown"]]


def breakdown_headers() -> list[str]:
    from .reports import BREAKDOWN_FIGURES

    labels = {key: label for key, label, _kind in FIGURES}
    return [labels[key] for key in BREAKDOWN_FIGURES]
