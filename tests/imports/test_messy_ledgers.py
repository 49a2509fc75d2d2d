"""A ledger written the way people really keep them imports correctly, as .xlsx with merged
cells and as GB18030 / UTF-8 CSV; unknown codes are reported, not guessed."""
import pytest

from hazards.enums import HazardAction, HazardStatus
from hazards.models import Hazard
from imports.models import ImportedEnterprise
from tests.imports import ledgers


def imported_hazards():
    return {h.description: (h.enterprise.name, h.status, h.rectification_deadline, h.grade)
            for h in Hazard.objects.select_related("enterprise")}


@pytest.mark.parametrize("name,content", [
    ("台账.xlsx", ledgers.messy_xlsx()),
    ("台账.xls", ledgers.messy_xls()),
    ("台账.csv", ledgers.messy_csv(encoding="gb18030")),
    ("台账-utf8.csv", ledgers.messy_csv(encoding="utf-8")),
    ("台账-bom.csv", ledgers.messy_csv(encoding="utf-8-sig")),
])
def test_messy_ledger_imports_every_hazard_in_its_recorded_state(run_import, importer, name,
                                                                  content):
    job, summary = run_import(content, name)

    assert job.header_row == 3  # found below the merged title row and the blank row
    assert (summary.rows_read, summary.created, summary.rejected) == (5, 5, 0)
    assert imported_hazards() == ledgers.EXPECTED
    assert summary.objects == {"enterprises": 2, "inspections": 2, "hazards": 5}
    assert ImportedEnterprise.objects.filter(placeholder_credit_code=True).count() == 2


def test_imported_closed_hazard_went_through_the_transition_service(run_import, importer):
    run_import(ledgers.messy_xlsx(), "台账.xlsx")

    hazard = Hazard.objects.get(description="消防：消防通道堵塞")
    history = list(hazard.transitions.order_by("id"))
    assert [t.action for t in history] == [
        HazardAction.REGISTERED, HazardAction.RECTIFICATION_ORDERED,
        HazardAction.EVIDENCE_SUBMITTED, HazardAction.VERIFICATION_PASSED]
    assert {t.actor_id for t in history} == {importer.pk}
    assert all(t.data["imported"] is True for t in history)
    assert history[1].data["source"]["row"] == 4
    assert history[1].data["source"]["file"] == "台账.xlsx"
    assert history[0].data["source"]["values"] == {  # the source row, cleaned
        "inspected_on": "45383", "inspection_kind": "执法检查", "check_item": "消防",
        "description": "消防通道堵塞", "rectification_measures": "清理通道", "location": "仓库",
        "enterprise_name": "涪陵甲化工有限公司", "rectification_deadline": "2024-05-31",
        "rectified": "是", "grade": "一般"}
    on_spot = Hazard.objects.get(description="现场：安全出口指示灯损坏")
    assert [t.action for t in on_spot.transitions.order_by("id")] == [
        HazardAction.REGISTERED, HazardAction.CLOSED_ON_SPOT]


def test_open_imported_hazard_with_past_deadline_is_overdue(run_import):
    run_import(ledgers.messy_xlsx(), "台账.xlsx")

    assert Hazard.objects.overdue().count() == 2
    assert Hazard.objects.filter(status=HazardStatus.REPORTED).count() == 1


def test_unknown_code_is_reported_not_guessed(run_import):
    rows = [row[:] for row in ledgers.MESSY_ROWS]
    rows[0][11] = "较大"

    job, summary = run_import(ledgers.messy_xlsx(rows), "台账.xlsx")

    assert (summary.created, summary.rejected) == (4, 1)
    issue = job.issues.get()
    assert issue.row_number == 4
    assert issue.column == "隐患等级"
    assert "较大" in issue.message_zh and "未定义" in issue.message_zh
    assert "unknown" in issue.message_en
    assert not Hazard.objects.filter(description="消防：消防通道堵塞").exists()


def test_importing_the_same_ledger_twice_leaves_every_row_as_it_was(run_import):
    from enterprises.models import Enterprise
    from hazards.models import HazardTransition
    from imports.models import ImportedRecord
    from inspections.models import Inspection

    def snapshot():
        return (list(Hazard.objects.order_by("pk").values()),
                list(HazardTransition.objects.order_by("pk").values()),
                list(Inspection.objects.order_by("pk").values()),
                list(Enterprise.objects.order_by("pk").values()),
                list(ImportedRecord.objects.order_by("pk").values()))

    run_import(ledgers.messy_xlsx(), "台账.xlsx")
    before = snapshot()

    job, summary = run_import(ledgers.messy_csv(), "台账.csv")  # same ledger, other format

    assert snapshot() == before
    assert (summary.unchanged, summary.created, summary.updated) == (5, 0, 0)
    assert "数据与上次导入相同，未做任何修改。" in job.message
