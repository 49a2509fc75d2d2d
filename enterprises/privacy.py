"""Personal information of enterprise people (PIPL, 个人信息保护法): the safety contact's name,
phone and e-mail, and a hazard's person responsible for rectification (整改责任人).

The rule, in one predicate (``may_see_personal_data``): they are shown in clear to the people
who must reach that person for the rectification loop: the district officials and inspectors of
the enterprise's district, and the enterprise's own safety officers. Everyone else (city
officials, whose work is ranking and supervision, and any other role) sees them masked in lists
and exports: ``138****0001``, ``赵**``, ``s*****1@example.com``. The legal representative
(法定代表人) is public business-registration data and is not masked.
"""
from accounts.enums import DISTRICT_ROLES, Role


def may_see_personal_data(user, *, district_id: str | None, enterprise_id: int | None) -> bool:
    """Whether ``user`` sees the personal data of enterprise ``enterprise_id`` (in district
    ``district_id``) in clear."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role in DISTRICT_ROLES:
        return bool(user.district_id) and user.district_id == district_id
    if user.role == Role.ENTERPRISE_OFFICER:
        return bool(user.enterprise_id) and user.enterprise_id == enterprise_id
    return False


def sees_all_in_clear(user) -> bool:
    """Whether every row ``user`` can list is in clear (district staff and enterprise officers
    only ever list their own district or enterprise)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (user.role in DISTRICT_ROLES and user.district_id
                     or user.role == Role.ENTERPRISE_OFFICER and user.enterprise_id))


def mask_phone(value: str) -> str:
    """``13800001234`` → ``138****1234``; short numbers keep only their last two digits."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) >= 8:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * (len(value) - 2) + value[-2:]


def mask_name(value: str) -> str:
    """``赵安全`` → ``赵**``; ``Zhao An`` → ``Z******``."""
    value = (value or "").strip()
    return value[:1] + "*" * (len(value) - 1) if value else ""


def mask_email(value: str) -> str:
    """``safety1@example.com`` → ``s*****1@example.com``."""
    value = (value or "").strip()
    if "@" not in value:
        return mask_name(value)
    local, domain = value.split("@", 1)
    if len(local) <= 2:
        return local[:1] + "*" + "@" + domain
    return local[0] + "*" * (len(local) - 2) + local[-1] + "@" + domain
