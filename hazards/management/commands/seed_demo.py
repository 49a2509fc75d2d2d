"""Load a demo data set: one user per role, ~20 enterprises in three districts, ~100 hazards.

The hazards' stories are played through the real services with the clock moved back
(time-machine), so every state, history row and overdue deadline is one the product itself
could have produced. Enterprise names and people are invented; districts, townships, sectors
and accident types are the shipped reference data.
"""
import datetime
import random
import zoneinfo
from decimal import Decimal

import time_machine
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc

from accounts.enums import Role
from accounts.models import User
from core.clock import today_cst
from enterprises.models import Department, District, Enterprise, Sector, Township
from hazards import services
from hazards.enums import AccidentTypeEdition, HazardCategory, HazardGrade
from hazards.filing.services import Finding, inspection_file
from hazards.models import AccidentType, Hazard
from inspections.enums import InspectionKind

CST = zoneinfo.ZoneInfo("Asia/Shanghai")
DEMO_PASSWORD = "demo-pass-2026"
DISTRICTS = ["500102", "500101", "500112"]  # 涪陵区, 万州区, 渝北区

ENTERPRISES = [
    ("重庆涪陵长江化工有限公司", "hazardous_chemicals", "2614"),
    ("涪陵白涛精细化学品有限公司", "hazardous_chemicals", "2661"),
    ("涪陵榨菜食品加工有限公司", "industry_trade", "1371"),
    ("涪陵焰火烟花爆竹经营部", "fireworks", "2672"),
    ("涪陵江东建材有限公司", "industry_trade", "3021"),
    ("涪陵城南燃气有限公司", "gas", "4511"),
    ("涪陵李渡机械制造有限公司", "industry_trade", "3421"),
    ("万州盐气化工有限公司", "hazardous_chemicals", "2613"),
    ("万州三峡港口物流有限公司", "transport", "5532"),
    ("万州天城矿业有限公司", "non_coal_mine", "1019"),
    ("万州太白纺织有限公司", "industry_trade", "1713"),
    ("万州龙都建筑工程有限公司", "construction", "4790"),
    ("万州高笋塘商贸有限公司", "industry_trade", "5211"),
    ("万州周家坝冷链仓储有限公司", "industry_trade", "5990"),
    ("渝北空港新材料有限公司", "hazardous_chemicals", "2651"),
    ("渝北回兴汽车零部件有限公司", "industry_trade", "3670"),
    ("渝北双龙湖燃气供应站", "gas", "4511"),
    ("渝北鸳鸯粉末冶金有限公司", "industry_trade", "3393"),
    ("渝北人和物流有限公司", "transport", "5990"),
    ("渝北翠云电子科技有限公司", "industry_trade", "3971"),
]

# Activities that bring the 工贸 special-area criteria (专项类) into the checklist.
ACTIVITIES = {
    "涪陵榨菜食品加工有限公司": {"has_confined_space_work": True},  # pickling pits, sewage pool
    "万州周家坝冷链仓储有限公司": {"uses_ammonia_refrigeration": True},
    "渝北鸳鸯粉末冶金有限公司": {"has_dust_explosion_risk": True},
}

FINDINGS = [
    ("消防通道被货物堵塞", "仓库东侧通道", HazardCategory.MANAGEMENT_DEFICIENCY, "火灾"),
    ("可燃气体报警器未定期检定，已超期", "罐区", HazardCategory.EQUIPMENT_DEFECT, "可燃气体爆炸"),
    ("配电箱未接地，箱门缺失", "生产车间配电室", HazardCategory.EQUIPMENT_DEFECT, "触电"),
    ("特种作业人员未持证上岗", "焊接工段", HazardCategory.UNLAWFUL_ACT, "灼烫"),
    ("有限空间作业未执行审批", "污水池", HazardCategory.UNLAWFUL_ACT, "中毒"),
    ("高处作业平台护栏缺失", "二号厂房屋面", HazardCategory.EQUIPMENT_DEFECT, "高处坠落"),
    ("安全生产责任制未覆盖全员", "公司管理层", HazardCategory.MANAGEMENT_DEFICIENCY, "其他"),
    ("粉尘除尘系统未设置泄爆装置", "打磨车间", HazardCategory.EQUIPMENT_DEFECT, "粉尘爆炸"),
    ("叉车制动失灵仍在使用", "成品库", HazardCategory.EQUIPMENT_DEFECT, "厂(场)内车辆致害"),
    ("应急预案未组织演练", "公司", HazardCategory.MANAGEMENT_DEFICIENCY, "其他"),
]


def _credit_code(index: int) -> str:
    body = f"91500{index:03d}MA6D{index:04d}X"[:17].replace("I", "J").replace("O", "P")
    return body + uscc.calc_check_digit(body)


def _moment(day: datetime.date, hour: int, now: datetime.datetime) -> datetime.datetime:
    """When an event of the demo story planned for ``hour`` o'clock (CST) on ``day`` is
    stamped: that time, except on the day the seed runs, where the hours are squeezed into
    the part of the day already past (same order, all before ``now``). A stamp later than
    ``now`` would put the hazard beyond a sync client's full pass (``updated_at`` <= now)
    until it changed again."""
    planned = datetime.datetime.combine(day, datetime.time(hour), CST)
    midnight = datetime.datetime.combine(now.astimezone(CST).date(), datetime.time(), CST)
    if planned < midnight:
        return planned
    return midnight + (now - midnight) * (hour / 24)


class Command(BaseCommand):
    help = "Load demo users, enterprises and hazards (skipped when demo users already exist)."

    def handle(self, *args, **options):
        if User.objects.filter(username="city").exists():
            self.stdout.write("Demo data already loaded.")
            self._print_users()
            return
        call_command("load_reference_data", stdout=self.stdout)
        with transaction.atomic():
            self._seed()
        self._print_users()

    def _user(self, username, role, name, **fields):
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD, role=role,
                                        display_name=name, email=f"{username}@example.com",
                                        **fields)
        return user

    def _at(self, day: datetime.date, hour: int = 10):
        return time_machine.travel(_moment(day, hour, self.started), tick=False)

    def _seed(self):
        rng = random.Random(20261129)
        # the real moment and the CST calendar day it falls on (not the server's own zone)
        self.started = timezone.now()
        today = today_cst()
        self._user("city", Role.CITY_OFFICIAL, "市局 王督查")
        # the system administrator: manages every account, reads the security audit log; no
        # role, so no hazard data (separation of duties)
        self._user("admin", "", "系统管理员", is_superuser=True, is_staff=True)
        staff = {}
        for number, code in enumerate(DISTRICTS, start=1):
            district = District.objects.get(code=code)
            department = Department.objects.get(code=f"{code}-emergency_management")
            short = {"500102": "fuling", "500101": "wanzhou", "500112": "yubei"}[code]
            staff[code] = {
                "official": self._user(f"{short}_official", Role.DISTRICT_OFFICIAL,
                                       f"{district.name} 李科长", district=district,
                                       department=department, is_office_head=True,
                                       # the office head is an enforcement officer too, so
                                       # the two-officer documents can carry their badge
                                       badge_number=f"5001{number:02d}0009"),
                "inspectors": [
                    self._user(f"{short}_inspector{n or ''}", Role.INSPECTOR,
                               f"{district.name} 执法员{n + 1}", district=district,
                               department=department,
                               badge_number=f"5001{number:02d}{n + 1:04d}")
                    for n in range(2)],
                "department": department,
            }
        accident_types = {t.name: t for t in AccidentType.objects.filter(
            edition=AccidentTypeEdition.GB6441_2025)}
        sectors = {s.code: s for s in Sector.objects.all()}
        enterprises = []
        for index, (name, sector, industry) in enumerate(ENTERPRISES, start=1):
            code = DISTRICTS[0] if name.startswith("重庆涪陵") or name.startswith("涪陵") else (
                DISTRICTS[1] if name.startswith("万州") else DISTRICTS[2])
            townships = list(Township.objects.filter(district_id=code)[:8])
            enterprises.append(Enterprise.objects.create(
                credit_code=_credit_code(index), name=name, district_id=code,
                township=townships[index % len(townships)], sector=sectors[sector],
                industry_id=industry, address=f"{townships[index % len(townships)].name}工业园{index}号",
                legal_representative="陈法人", safety_contact_name="赵安全",
                safety_contact_phone=f"1380000{index:04d}",
                safety_contact_email=f"safety{index}@example.com", **ACTIVITIES.get(name, {})))
        # one enterprise safety officer in each district: the first enterprise listed there
        for enterprise, short in zip(enterprises[::7], ("fuling", "wanzhou", "yubei"),
                                     strict=True):
            self._user(f"{short}_enterprise", Role.ENTERPRISE_OFFICER,
                       f"{enterprise.name[:6]} 安全员", enterprise=enterprise)

        # Outcomes, in rough proportion to a district's real register: many closed, a good
        # share rectifying (some overdue), some waiting for re-inspection, a few just reported.
        outcomes = (["closed"] * 30 + ["closed_on_spot"] * 8 + ["rectifying"] * 22
                    + ["overdue"] * 14 + ["pending"] * 14 + ["reported"] * 12)
        rng.shuffle(outcomes)
        for index, outcome in enumerate(outcomes):
            enterprise = enterprises[index % len(enterprises)]
            people = staff[enterprise.district_id]
            inspector = people["inspectors"][index % 2]
            description, location, category, accident = FINDINGS[index % len(FINDINGS)]
            if outcome == "overdue":
                found = today - datetime.timedelta(days=rng.randint(20, 60))
                deadline = found + datetime.timedelta(days=rng.randint(5, 15))
            elif outcome == "reported":
                found = today - datetime.timedelta(days=rng.randint(0, 3))
                deadline = today + datetime.timedelta(days=rng.randint(7, 20))
            else:
                found = today - datetime.timedelta(days=rng.randint(8, 80))
                deadline = max(found + datetime.timedelta(days=rng.randint(7, 30)),
                               today + datetime.timedelta(days=1)
                               if outcome in ("rectifying", "pending") else found)
            grade = HazardGrade.MAJOR if index % 9 == 0 and outcome != "closed_on_spot" \
                else HazardGrade.GENERAL
            with self._at(found, 9):
                inspection = inspection_file(
                    actor=inspector, enterprise=enterprise, kind=InspectionKind.ENFORCEMENT
                    if index % 4 else InspectionKind.COVERT, inspected_on=found,
                    department=people["department"], inspectors=[people["inspectors"][0],
                                                                 people["inspectors"][1]],
                    findings=[Finding(
                        grade=grade, category=category, description=description,
                        location=location, rectification_measures="按规定整改并提交整改材料",
                        responsible_person="赵安全", rectification_deadline=deadline,
                        accident_type=accident_types.get(accident),
                        interim_safety_measures="设置警戒区域，专人值守"
                        if grade == HazardGrade.MAJOR else "")])
            hazard = inspection.hazards.get()
            self._play(hazard, outcome, found, deadline, people, inspector)

    def _play(self, hazard, outcome, found, deadline, people, inspector):
        if outcome == "reported":
            return
        if outcome == "closed_on_spot":
            with self._at(found, 11):
                services.hazard_close_on_spot(hazard=hazard, actor=inspector,
                                              note="检查人员现场监督整改完毕")
            return
        if hazard.is_major:
            # a major hazard's rectification starts only with its plan (五落实)
            with self._at(found + datetime.timedelta(days=1), 9):
                services.hazard_submit_plan(
                    hazard=hazard, actor=inspector, responsibility="企业主要负责人",
                    measures=hazard.rectification_measures or "按规定整改",
                    funds=Decimal("50000"), time_limit=deadline,
                    contingency_plan="现场处置方案：停用相关设施，设置警戒区")
        with self._at(found + datetime.timedelta(days=1)):
            hazard = services.hazard_order_rectification(
                hazard=hazard, actor=people["official"], rectification_deadline=deadline,
                officers=self._signatures(people["official"], inspector))
        if outcome in ("rectifying", "overdue"):
            return
        submitted = min(deadline, self.started.astimezone(CST).date())
        with self._at(max(submitted - datetime.timedelta(days=1),
                          found + datetime.timedelta(days=1)), 16):
            hazard = services.hazard_submit_evidence(
                hazard=hazard, actor=people["inspectors"][1],
                description="企业已按整改措施完成整改，现场照片及验收记录已存档")
        if outcome == "pending":
            return
        with self._at(submitted, 17):
            services.hazard_verify(hazard=hazard, actor=inspector, passed=True,
                                   opinion="经复查，整改到位，同意销号",
                                   officers=self._signatures(*people["inspectors"]))

    @staticmethod
    def _signatures(*officers):
        # every named officer confirms a document with their own password (谁检查、谁签名)
        return [services.OfficerSignature(officer=officer, password=DEMO_PASSWORD)
                for officer in officers]

    def _print_users(self):
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for user in (User.objects.exclude(role="", is_superuser=False)
                     .order_by("-is_superuser", "role", "username")):
            if user.is_superuser and not user.role:
                self.stdout.write(f"  {user.username:<22} 系统管理员 (administrator)")
                continue
            scope = user.district or user.enterprise or "全市"
            self.stdout.write(f"  {user.username:<22} {user.get_role_display()}  {scope}")
        overdue = Hazard.objects.overdue().count()
        self.stdout.write(f"Hazards: {Hazard.objects.count()} "
                          f"({overdue} overdue today)")
