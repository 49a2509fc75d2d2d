"""The hand-made oversight scenario: hazards in three districts over two years, every source
and every state, each played through the real services at its own time (time-machine).

"Now" is 2025-07-15 12:00 CST. The expected figures in the tests are worked out by hand from
the table below (dates CST; E1 = 涪陵 敦仁街道 hazardous chemicals, E2 = 涪陵 崇义街道
industry and trade, inspected by the 涪陵 emergency-management bureau unless marked *):

| id  | district | ent | found            | kind       | grade | story                                  |
|-----|----------|-----|------------------|------------|-------|----------------------------------------|
| F8  | 涪陵     | E1  | 2024-05-10 09:00 | enforcement| gen.  | order due 05-31, closed 05-30          |
| F9  | 涪陵     | E2  | 2024-06-12 09:00 | self       | gen.  | self-rect. due 2024-06-30, still open  |
| F10 | 涪陵     | E1  | 2025-02-10 09:00 | self       | gen.  | self-rect. due 02-28, closed 02-21     |
| F6  | 涪陵     | E1  | 2025-03-20 09:00 | enforcement| gen.  | due 04-15; evidence 04-20; failed 04-22 → due 05-10; evidence 06-25; closed 07-02 |
| F1  | 涪陵     | E1  | 2025-04-10 09:00 | enforcement| gen.  | due 04-30; evidence 04-25; closed 04-28 |
| F2  | 涪陵     | E1  | 2025-05-05 10:00 | self       | gen.  | self-rect. due 05-20; evidence 05-25; closed 05-26 |
| F7  | 涪陵     | E2  | 2025-05-15 10:00 | enforcement| gen.  | closed on the spot                     |
| F3  | 涪陵     | E2  | 2025-06-02 09:00 | covert     | major | plan; due 06-20; listed 06-05; extended 06-16 → 07-10; evidence 07-08; closed 07-09 |
| F4  | 涪陵     | E2  | 2025-06-30 23:30 | enforcement| gen.  | order 07-01 due 07-10, still rectifying |
| F5  | 涪陵     | E1  | 2025-07-01 00:10 | report*    | gen.  | reported                               |
| W1  | 万州     | W   | 2025-04-15 09:00 | enforcement| gen.  | due 05-15; evidence 05-10; closed 05-12 |
| W2  | 万州     | W   | 2025-05-20 09:00 | enforcement| major | plan; due 06-10; still rectifying      |
| W3  | 万州     | W   | 2025-06-01 09:00 | enforcement| gen.  | due 06-30; still rectifying            |
| Y1  | 渝北     | Y   | 2025-04-03 09:00 | report     | gen.  | closed on the spot                     |

(*) F5's inspection is by the city fire department (scope "department").
"""
import dataclasses
import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine

from enterprises.models import Department, Township
from hazards import services
from hazards.enums import HazardCategory, HazardGrade
from inspections.enums import InspectionKind
from tests import factories

CST = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2025, 7, 15, 12, 0, tzinfo=CST)


def at(y, m, d, hh=10, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=CST)


def day(y, m, d):
    return datetime.date(y, m, d)


@dataclasses.dataclass
class Scenario:
    hazards: dict
    enterprises: dict
    townships: dict
    staff: dict
    departments: dict


class _Play:
    def __init__(self):
        self.fuling = factories.district("500102", "涪陵区")
        self.wanzhou = factories.district("500101", "万州区")
        self.yubei = factories.district("500112", "渝北区")
        self.townships = {
            "T1": Township.objects.create(code="500102001", name="敦仁街道",
                                          district=self.fuling),
            "T2": Township.objects.create(code="500102002", name="崇义街道",
                                          district=self.fuling),
        }
        self.departments = {
            "fuling_em": Department.objects.create(code="500102-em", name="涪陵区应急管理局",
                                                   kind="emergency_management",
                                                   district=self.fuling, document_prefix="渝涪应急"),
            "city_fire": Department.objects.create(code="city-fire", name="市消防救援总队",
                                                   kind="fire_rescue"),
        }
        chem = factories.sector("hazardous_chemicals", "危险化学品")
        trade = factories.sector("industry_trade", "工贸")
        self.enterprises = {
            "E1": factories.EnterpriseFactory(district=self.fuling, township=self.townships["T1"],
                                              sector=chem, name="涪陵长江化工"),
            "E2": factories.EnterpriseFactory(district=self.fuling, township=self.townships["T2"],
                                              sector=trade, name="涪陵江东建材"),
            "W": factories.EnterpriseFactory(district=self.wanzhou, sector=trade, name="万州太白纺织"),
            "Y": factories.EnterpriseFactory(district=self.yubei, sector=chem, name="渝北空港新材料"),
        }
        self.staff = {}
        for code in ("500102", "500101", "500112"):
            self.staff[code] = {
                "official": factories.district_official(code, badge_number=f"9{code}"),
                "inspectors": [factories.inspector(code), factories.inspector(code)],
            }
        self.officers = {key: factories.enterprise_officer(value)
                         for key, value in self.enterprises.items()}
        self.hazards = {}

    def travel(self, when):
        return time_machine.travel(when, tick=False)

    def found(self, name, ent, when, kind=InspectionKind.ENFORCEMENT,
              grade=HazardGrade.GENERAL, department="fuling_em"):
        enterprise = self.enterprises[ent]
        people = self.staff[enterprise.district_id]
        dept = self.departments.get(department) if enterprise.district_id == "500102" or \
            department == "city_fire" else None
        with self.travel(when):
            inspection = factories.inspection(
                enterprise=enterprise, actor=people["inspectors"][0], kind=kind,
                department=dept)
            hazard = services.hazard_register(
                inspection=inspection, actor=people["inspectors"][0], grade=grade,
                category=HazardCategory.EQUIPMENT_DEFECT, description=f"{name} 隐患",
                interim_safety_measures="设置警戒区，专人值守" if grade == HazardGrade.MAJOR else "")
        self.hazards[name] = hazard
        return hazard

    def _fresh(self, name):
        self.hazards[name].refresh_from_db()
        return self.hazards[name]

    def order(self, name, when, due):
        hazard = self._fresh(name)
        people = self.staff[hazard.district_id]
        with self.travel(when):
            if hazard.is_major:
                factories.major_prerequisites(hazard, actor=people["inspectors"][0])
            services.hazard_order_rectification(
                hazard=self._fresh(name), actor=people["official"], rectification_deadline=due,
                officers=factories.signatures(*people["inspectors"]))

    def self_rectify(self, name, when, due):
        hazard = self._fresh(name)
        officer = self.officers[next(k for k, e in self.enterprises.items()
                                     if e.pk == hazard.enterprise_id)]
        with self.travel(when):
            services.hazard_start_self_rectification(hazard=hazard, actor=officer,
                                                     rectification_deadline=due)

    def evidence(self, name, when):
        hazard = self._fresh(name)
        with self.travel(when):
            services.hazard_submit_evidence(
                hazard=hazard, actor=self.staff[hazard.district_id]["inspectors"][1],
                description="已整改")

    def verify(self, name, when, passed=True, new_deadline=None):
        hazard = self._fresh(name)
        people = self.staff[hazard.district_id]
        with self.travel(when):
            services.hazard_verify(hazard=hazard, actor=people["inspectors"][0], passed=passed,
                                   opinion="" if passed else "整改不到位",
                                   new_deadline=new_deadline, officers=factories.signatures(*people["inspectors"]))

    def close_on_spot(self, name, when):
        hazard = self._fresh(name)
        with self.travel(when):
            services.hazard_close_on_spot(
                hazard=hazard, actor=self.staff[hazard.district_id]["inspectors"][0],
                note="现场整改完毕")

    def supervise(self, name, when):
        hazard = self._fresh(name)
        with self.travel(when):
            services.hazard_place_supervision(
                hazard=hazard, actor=self.staff[hazard.district_id]["official"],
                authority="涪陵区安委办", letter_number=f"涪安督〔2025〕{hazard.pk}号")

    def extend(self, name, requested_on, decided_on, new_deadline):
        hazard = self._fresh(name)
        officer = self.officers[next(k for k, e in self.enterprises.items()
                                     if e.pk == hazard.enterprise_id)]
        with self.travel(requested_on):
            extension = services.hazard_request_extension(
                hazard=hazard, actor=officer, new_deadline=new_deadline, reason="设备到货延迟")
        with self.travel(decided_on):
            services.extension_decide(extension=extension,
                                      actor=self.staff[hazard.district_id]["official"],
                                      approve=True)


def play_scenario() -> Scenario:
    """Build the table of the module docstring. Returns the objects by name."""
    p = _Play()
    S, R, C = InspectionKind.SELF_INSPECTION, InspectionKind.REPORT_VERIFICATION, \
        InspectionKind.COVERT
    # 2024
    p.found("F8", "E1", at(2024, 5, 10, 9))
    p.order("F8", at(2024, 5, 11), day(2024, 5, 31))
    p.evidence("F8", at(2024, 5, 29))
    p.verify("F8", at(2024, 5, 30))
    p.found("F9", "E2", at(2024, 6, 12, 9), kind=S)
    p.self_rectify("F9", at(2024, 6, 12, 11), day(2024, 6, 30))
    # 2025 Q1
    p.found("F10", "E1", at(2025, 2, 10, 9), kind=S)
    p.self_rectify("F10", at(2025, 2, 10, 11), day(2025, 2, 28))
    p.evidence("F10", at(2025, 2, 20))
    p.verify("F10", at(2025, 2, 21))
    p.found("F6", "E1", at(2025, 3, 20, 9))
    p.order("F6", at(2025, 3, 21), day(2025, 4, 15))
    p.evidence("F6", at(2025, 4, 20))
    p.verify("F6", at(2025, 4, 22), passed=False, new_deadline=day(2025, 5, 10))
    p.evidence("F6", at(2025, 6, 25))
    p.verify("F6", at(2025, 7, 2))
    # 2025 Q2
    p.found("F1", "E1", at(2025, 4, 10, 9))
    p.order("F1", at(2025, 4, 11), day(2025, 4, 30))
    p.evidence("F1", at(2025, 4, 25))
    p.verify("F1", at(2025, 4, 28))
    p.found("F2", "E1", at(2025, 5, 5, 10), kind=S)
    p.self_rectify("F2", at(2025, 5, 5, 11), day(2025, 5, 20))
    p.evidence("F2", at(2025, 5, 25))
    p.verify("F2", at(2025, 5, 26))
    p.found("F7", "E2", at(2025, 5, 15, 10))
    p.close_on_spot("F7", at(2025, 5, 15, 11))
    p.found("F3", "E2", at(2025, 6, 2, 9), kind=C, grade=HazardGrade.MAJOR)
    p.order("F3", at(2025, 6, 3), day(2025, 6, 20))
    p.supervise("F3", at(2025, 6, 5))
    p.extend("F3", at(2025, 6, 15), at(2025, 6, 16), day(2025, 7, 10))
    p.evidence("F3", at(2025, 7, 8))
    p.verify("F3", at(2025, 7, 9))
    p.found("F4", "E2", at(2025, 6, 30, 23, 30))
    p.order("F4", at(2025, 7, 1, 9), day(2025, 7, 10))
    p.found("F5", "E1", at(2025, 7, 1, 0, 10), kind=R, department="city_fire")
    p.found("W1", "W", at(2025, 4, 15, 9))
    p.order("W1", at(2025, 4, 16), day(2025, 5, 15))
    p.evidence("W1", at(2025, 5, 10))
    p.verify("W1", at(2025, 5, 12))
    p.found("W2", "W", at(2025, 5, 20, 9), grade=HazardGrade.MAJOR)
    p.order("W2", at(2025, 5, 21), day(2025, 6, 10))
    p.found("W3", "W", at(2025, 6, 1, 9))
    p.order("W3", at(2025, 6, 2), day(2025, 6, 30))
    p.found("Y1", "Y", at(2025, 4, 3, 9), kind=R)
    p.close_on_spot("Y1", at(2025, 4, 3, 10))
    for hazard in p.hazards.values():
        hazard.refresh_from_db()
    return Scenario(hazards=p.hazards, enterprises=p.enterprises, townships=p.townships,
                    staff=p.staff, departments=p.departments)


@pytest.fixture
def scenario(db):
    scenario = play_scenario()
    from oversight.spans import spans_refresh

    with time_machine.travel(NOW, tick=False):
        spans_refresh()
    return scenario


@pytest.fixture
def now():
    """Freeze the clock at NOW for the test."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


D = Decimal
