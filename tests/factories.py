"""factory_boy factories and helpers shared by the suite.

Hazards in a given state are reached through the real transition services (``hazard_in``),
never by assigning ``status`` (CONVENTIONS.md §6).
"""
import datetime
import itertools
from decimal import Decimal

import factory
from stdnum.cn import uscc

from accounts.enums import Role
from accounts.models import User
from core.clock import today_cst
from enterprises.models import District, Enterprise, Sector
from hazards import services
from hazards.enums import HazardCategory, HazardGrade, HazardStatus
from inspections.enums import InspectionKind
from inspections.models import Inspection

_serial = itertools.count(1)


def credit_code(seed: int | None = None) -> str:
    """A valid 18-character unified social credit code (GB 32100 check digit computed)."""
    seed = next(_serial) if seed is None else seed
    body = f"915001{seed:011d}"
    return body + uscc.calc_check_digit(body)


def district(code: str = "500102", name: str = "涪陵区") -> District:
    return District.objects.get_or_create(code=code, defaults={"name": name})[0]


def sector(code: str = "hazardous_chemicals", name: str = "危险化学品") -> Sector:
    return Sector.objects.get_or_create(code=code, defaults={"name": name})[0]


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    credit_code = factory.LazyFunction(credit_code)
    name = factory.Sequence(lambda n: f"测试化工有限公司{n}")
    district = factory.LazyFunction(district)
    sector = factory.LazyFunction(sector)
    safety_contact_name = "张安全"
    safety_contact_email = factory.Sequence(lambda n: f"safety{n}@example.com")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("pass-word-123")  # PASSWORD below


def city_official(**kwargs) -> User:
    return UserFactory(role=Role.CITY_OFFICIAL, **kwargs)


def district_official(district_code="500102", **kwargs) -> User:
    return UserFactory(role=Role.DISTRICT_OFFICIAL, district=district(district_code), **kwargs)


def inspector(district_code="500102", **kwargs) -> User:
    kwargs.setdefault("badge_number", f"50{next(_serial):08d}")
    return UserFactory(role=Role.INSPECTOR, district=district(district_code), **kwargs)


def enterprise_officer(enterprise, **kwargs) -> User:
    return UserFactory(role=Role.ENTERPRISE_OFFICER, enterprise=enterprise, **kwargs)


def inspection(*, enterprise, actor, kind=InspectionKind.ENFORCEMENT, inspected_on=None,
               department=None):
    """An inspection; a regulator inspection gets two inspectors with badge numbers (the actor
    first when it has a badge), who then sign the documents that follow from it."""
    record = Inspection.objects.create(
        kind=kind, enterprise=enterprise, district_id=enterprise.district_id, created_by=actor,
        inspected_on=inspected_on or today_cst(), department=department)
    if kind != InspectionKind.SELF_INSPECTION:
        team = [actor] if getattr(actor, "badge_number", "") else []
        while len(team) < 2:
            team.append(inspector(enterprise.district_id))
        record.inspectors.set(team)
    return record


PASSWORD = "pass-word-123"  # UserFactory's password


def signatures(*officers) -> list:
    """The officers of a document, each confirming with their own (factory) password."""
    return [services.OfficerSignature(officer=officer, password=PASSWORD)
            for officer in officers]


def officers_json(*officers) -> list[dict]:
    """The API's ``officers`` of an order or re-inspection: each officer with their password."""
    return [{"officer_id": officer.pk, "password": PASSWORD} for officer in officers]


def two_officers_json(district_code="500102") -> list[dict]:
    """Two new badge-holding inspectors of the district, as the API's ``officers``."""
    return officers_json(inspector(district_code), inspector(district_code))


def two_officers(district_code="500102") -> list:
    """Two new badge-holding inspectors of the district, signing a document."""
    return signatures(inspector(district_code), inspector(district_code))


def signing_form(first, second) -> dict:
    """The officer fields of an order or re-inspection form, each officer with their password."""
    return {"officer_1": first.pk, "officer_1_password": PASSWORD,
            "officer_2": second.pk, "officer_2_password": PASSWORD}


def hazard(*, enterprise=None, actor=None, grade=HazardGrade.GENERAL, deadline=None,
           kind=InspectionKind.ENFORCEMENT, description="消防通道堵塞", **fields):
    """A hazard in state ``reported``, registered through the service."""
    enterprise = enterprise or EnterpriseFactory()
    actor = actor or inspector(enterprise.district_id)
    insp = inspection(enterprise=enterprise, actor=actor, kind=kind)
    return services.hazard_register(
        inspection=insp, actor=actor, grade=grade, category=HazardCategory.EQUIPMENT_DEFECT,
        description=description, rectification_deadline=deadline, **fields)


def hazard_in(status: str, *, deadline: datetime.date | None = None, **kwargs):
    """A hazard brought to ``status`` through the real services, acting as the district's own
    staff. ``deadline`` defaults to seven days from today (CST)."""
    item = hazard(**kwargs)
    if status == HazardStatus.REPORTED:
        return item
    official = district_official(item.district_id)
    staff = inspector(item.district_id)
    if status == HazardStatus.CLOSED:
        return services.hazard_close_on_spot(hazard=item, actor=staff, note="现场已整改")
    if item.is_major:
        # a major hazard's rectification starts only with a plan and interim measures
        major_prerequisites(item, actor=staff)
    item = services.hazard_order_rectification(
        hazard=item, actor=official, rectification_deadline=deadline or today_cst()
        + datetime.timedelta(days=7),
        interim_safety_measures=(item.interim_safety_measures or "设置警戒区，专人值守")
        if item.is_major else None,
        officers=signatures(staff, inspector(item.district_id)))
    if status == HazardStatus.RECTIFYING:
        return item
    return services.hazard_submit_evidence(hazard=item, actor=staff, description="已整改")


def major_prerequisites(item, *, actor=None):
    """Submit a rectification plan (五落实) for major hazard ``item`` through the service, as
    its rectification needs before it starts. (The order also needs interim safety measures:
    pass ``interim_safety_measures=`` to the order service when the hazard has none.)
    Refreshes ``item`` (its version moved) and returns the plan."""
    actor = actor or inspector(item.district_id)
    plan = services.hazard_submit_plan(
        hazard=item, actor=actor, responsibility="张安全（安全总监）", measures="更换泄漏管道",
        funds=Decimal("12000.00"), time_limit=today_cst() + datetime.timedelta(days=30),
        contingency_plan="停用相关装置，现场设警戒区")
    item.refresh_from_db()
    return plan
