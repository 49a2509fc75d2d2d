"""Rendering a report's stored figures (``oversight.reports.report_figures``) as an XLSX
workbook and as a PDF. Both read only the figures dict, never the database, so a stored
report renders the same whatever happened since.

The workbook: a summary sheet (every figure, this period, the previous period, 环比, a year
earlier, 同比), then one sheet per group of measures (inspections, hazards found, rectification,
the state at the period's end) with one row per district/township, and the series per
sub-period. Counts are integers, rates and days numbers (percent with one decimal), dates
real date cells; headers in Chinese (the request language's labels).
The PDF: WeasyPrint (``core.pdf``) with the chart drawn as inline SVG by ``bar_chart_svg``.
"""
import datetime
import io
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.pdf import render_pdf

from .figures import FIGURES, NEW

SHEETS = [
    (gettext_lazy("检查"), ["inspections", "enterprises_inspected", "inspections_self_inspection",
                "inspections_enforcement", "inspections_covert", "inspections_joint",
                "inspections_expert_service", "inspections_report_verification"]),
    (gettext_lazy("排查隐患"), ["found", "found_general", "found_major", "found_self_inspection",
                  "found_self_inspection_major", "found_regulator", "found_regulator_major",
                  "found_report_verification", "found_report_verification_major",
                  "found_listed"]),
    (gettext_lazy("整改"), ["found", "closed", "closed_major", "rectification_rate", "closed_on_time",
               "on_time_rate", "avg_days_to_close", "p90_days_to_close", "closed_in_period"]),
    (gettext_lazy("期末状态"), ["open_at_end", "overdue_at_end", "not_yet_due_at_end",
                  "majors_open_at_end", "supervised_at_end"]),
]


def figure_labels() -> dict[str, str]:
    """Every figure's label in the current language, including inspections by kind."""
    from inspections.enums import InspectionKind

    labels = {key: str(label) for key, label, _kind in FIGURES}
    for kind in InspectionKind:
        labels[f"inspections_{kind.value}"] = str(_("检查家次：%(kind)s") % {"kind": kind.label})
    return labels


def number(value):
    """A stored figure as a spreadsheet number: "60.0" → 60.0, "new" and None stay text."""
    if value is None or value == NEW:
        return _("新增") if value == NEW else None
    if isinstance(value, str):
        return float(Decimal(value)) if "." in value else int(value)
    return value


def _header(sheet, titles):
    sheet.append(titles)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def report_xlsx(figures: dict) -> bytes:
    """The workbook of a report's figures (module docstring). Output: XLSX bytes."""
    labels = figure_labels()
    book = Workbook()
    summary = book.active
    summary.title = _("概览")
    period = figures["period"]
    summary.append([_("报告"), f"{figures['scope_label']} {figures.get('kind_label', '')}"])
    summary.append([_("统计周期"), period["label"]])
    summary.append([_("起始日期"), datetime.date.fromisoformat(period["start"])])
    summary.append([_("截止日期"), datetime.date.fromisoformat(period["end"])])
    summary.append([_("计算时间"), figures["computed_at"]])
    summary.append([])
    _header(summary, [_("指标"), _("本期"), _("上期"), _("环比（%）"), _("上年同期"),
                      _("同比（%）")])
    for key in labels:
        if key not in figures["current"]:
            continue
        summary.append([labels[key], number(figures["current"][key]),
                        number(figures["previous_figures"][key]), number(figures["mom"].get(key)),
                        number(figures["year_earlier_figures"][key]),
                        number(figures["yoy"].get(key))])
    for row in summary.iter_rows(min_row=3, max_row=4, min_col=2, max_col=2):
        row[0].number_format = "yyyy-mm-dd"
    group = _("区县") if figures["breakdown_by"] == "district" else _("镇街")
    for title, keys in SHEETS:
        sheet = book.create_sheet(str(title))
        _header(sheet, [group] + [labels[key] for key in keys])
        sheet.append([_("合计")] + [number(figures["current"][key]) for key in keys])
        for row in figures["breakdown"]:
            sheet.append([row["name"] or _("未填镇街")] + [number(row.get(key)) for key in keys])
    trend = book.create_sheet(_("趋势"))
    _header(trend, [_("时段"), _("起始日期"), _("截止日期"), _("发现"), _("销号")])
    for row in figures["series"]:
        trend.append([row["label"], datetime.date.fromisoformat(row["start"]),
                      datetime.date.fromisoformat(row["end"]), row["found"], row["closed"]])
        for cell in trend[trend.max_row][1:3]:
            cell.number_format = "yyyy-mm-dd"
    for sheet in book.worksheets:
        for index, column in enumerate(sheet.columns, start=1):
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[get_column_letter(index)].width = min(40, 4 + 1.6 * width)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bar_chart_svg(labels: list[str], series: list[tuple[str, list[int], str]], *,
                  width: int = 680, height: int = 220) -> str:
    """A grouped bar chart as an SVG string (for the PDF; the pages draw with ECharts).
    ``series``: ``[(name, values, colour)]``, one value per label."""
    left, right, top, bottom = 36, 8, 24, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([1] + [value for _name, values, _colour in series for value in values])
    step = 10 ** max(0, len(str(peak)) - 1)
    peak = ((peak + step - 1) // step) * step
    group_w = plot_w / max(1, len(labels))
    bar_w = group_w * 0.8 / max(1, len(series))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-size="10">']
    for tick in range(0, 5):
        value = peak * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#d8dee4"/><text x="{left - 4}" y="{y + 3:.1f}" '
                     f'text-anchor="end">{value:g}</text>')
    every = max(1, len(labels) // 12)
    for index, label in enumerate(labels):
        x0 = left + group_w * index + group_w * 0.1
        for number_, (_name, values, colour) in enumerate(series):
            value = values[index]
            h = plot_h * value / peak
            parts.append(f'<rect x="{x0 + bar_w * number_:.1f}" y="{top + plot_h - h:.1f}" '
                         f'width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}"/>')
        if index % every == 0:
            parts.append(f'<text x="{x0 + group_w * 0.4:.1f}" y="{height - bottom + 14}" '
                         f'text-anchor="middle">{escape(label)}</text>')
    for number_, (name, _values, colour) in enumerate(series):
        x = left + number_ * 90
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="13">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def report_chart(figures: dict) -> str:
    """The report's found-vs-closed chart per sub-period, as SVG."""
    rows = figures["series"]
    labels = [row["key"][-5:] if len(rows) > 12 else row["key"] for row in rows]
    return bar_chart_svg(labels, [(_("发现"), [row["found"] for row in rows], "#0b5cad"),
                                  (_("销号"), [row["closed"] for row in rows], "#1b7a3a")])


def report_pdf(figures: dict) -> bytes:
    """The report as PDF (A4, CJK font embedded), from its figures only."""
    from .presentation import figure_table

    return render_pdf("oversight/pdf/report.html", {
        "figures": figures, "rows": figure_table(figures, links=False),
        "chart": report_chart(figures), "labels": figure_labels()})
