"""User management without the Django admin: who manages whom, and the services that do it.

Rules (one predicate each; pages check the same ones):
- a district office head (``User.is_district_head``) manages the inspectors and district
  officials of their own district: create, edit, deactivate/reactivate, force a password reset,
  change the role within the district (inspector ↔ district official), unlock after failed
  logins, reset a lost second factor;
- a city official manages the district officials (office heads included) of every district;
- an administrator (``is_superuser``) manages everyone.
Anyone else, and any user outside the manager's reach, is not found (404, never 403).
A new user gets no password from the manager: an e-mail with a single-use link
(``PASSWORD_RESET_TIMEOUT``) lets them set their own; or the manager gives a first password
that must be changed at the first login.
"""
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.errors import PermissionDenied, ValidationFailed

from .audit import security_event_record
from .enums import DISTRICT_ROLES, Role, SecurityEventKind
from .lockout import lockout_reset
from .models import User
from .otp import otp_reset


def may_manage_users(actor) -> bool:
    """Whether ``actor`` has a user-management page at all."""
    return bool(actor.is_authenticated and actor.is_active
                and (actor.is_superuser or actor.is_city_official or actor.is_district_head))


def users_manageable_by(actor):
    """The users ``actor`` manages (rules in the module docstring), as a queryset."""
    users = User.objects.select_related("district", "department")
    if not may_manage_users(actor):
        return users.none()
    if actor.is_superuser:
        return users
    if actor.is_city_official:
        return users.filter(role=Role.DISTRICT_OFFICIAL)
    return users.filter(role__in=list(DISTRICT_ROLES), district_id=actor.district_id)


def roles_assignable_by(actor) -> list[str]:
    """Roles ``actor`` may give: district roles for an office head and an administrator;
    district official for the city."""
    if actor.is_superuser:
        return [*DISTRICT_ROLES, Role.CITY_OFFICIAL]
    if actor.is_city_official:
        return [Role.DISTRICT_OFFICIAL]
    if actor.is_district_head:
        return [Role.INSPECTOR, Role.DISTRICT_OFFICIAL]
    return []


def user_get_managed(*, actor, user_id: int) -> User:
    """The user ``user_id`` if ``actor`` manages them. Errors: Http404 otherwise."""
    found = users_manageable_by(actor).filter(pk=user_id).first()
    if found is None:
        raise Http404
    return found


def _check_role(actor, role, district_id):
    if role not in roles_assignable_by(actor):
        raise ValidationFailed(_("您不能授予该角色。"), field="role")
    if role in DISTRICT_ROLES and not district_id:
        raise ValidationFailed(_("请选择所属区县。"), field="district")


def _check_badge(badge_number, *, exclude=None):
    if badge_number and User.objects.filter(badge_number=badge_number).exclude(
            pk=getattr(exclude, "pk", None)).exists():
        raise ValidationFailed(_("执法证号“%(badge)s”已被其他用户使用。")
                               % {"badge": badge_number}, field="badge_number")


def _check_department(department, district_id):
    if department is not None and department.district_id not in (None, district_id):
        raise ValidationFailed(_("所选部门不属于该区县。"), field="department")


def user_create(*, actor, username: str, display_name: str, email: str, role: str,
                badge_number: str = "", department=None, district=None, phone: str = "",
                is_office_head: bool = False, password: str = "", request=None) -> User:
    """Create a user in ``actor``'s reach.

    Inputs: login name, name, e-mail, role (``roles_assignable_by``), badge number (执法证号,
    unique), department, district (an office head's own district is forced), phone, office
    head flag (city/administrator only), an optional first password (then changed at first
    login). Output: the user. Without a password an e-mail with a link to set one is sent.
    Errors: PermissionDenied, ValidationFailed naming the field (duplicate login name or badge,
    a department of another district, a password Django's validators refuse, no e-mail).
    """
    if not may_manage_users(actor):
        raise PermissionDenied(_("您没有管理用户的权限。"))
    username = (username or "").strip()
    email = (email or "").strip()
    district_id = actor.district_id if actor.is_district_head else getattr(district, "pk", None)
    _check_role(actor, role, district_id)
    if not username:
        raise ValidationFailed(_("请填写登录名。"), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("登录名“%(name)s”已存在。") % {"name": username},
                               field="username")
    if not password and not email:
        raise ValidationFailed(_("请填写邮箱（用于设置密码），或给出初始密码。"), field="email")
    badge_number = (badge_number or "").strip()
    _check_badge(badge_number)
    _check_department(department, district_id)
    user = User(username=username, display_name=(display_name or "").strip(), email=email,
                role=role, badge_number=badge_number, department=department,
                district_id=district_id if role in DISTRICT_ROLES else None, phone=phone,
                is_office_head=bool(is_office_head) and not actor.is_district_head
                and role == Role.DISTRICT_OFFICIAL)
    if password:
        try:
            validate_password(password, user)
        except DjangoValidationError as exc:
            raise ValidationFailed(" ".join(exc.messages), field="password") from exc
        user.set_password(password)
        user.must_change_password = True
    else:
        user.set_unusable_password()
    with transaction.atomic():
        user.password_changed_at = timezone.now()
        user.save()
        security_event_record(kind=SecurityEventKind.USER_CREATED, actor=actor, request=request,
                              target=user, detail={"role": role, "district": district_id})
        if not password:
            transaction.on_commit(lambda: password_link_send(user=user, invitation=True))
    return user


def user_update(*, actor, user: User, display_name: str, email: str, badge_number: str,
                department=None, phone: str = "", request=None) -> User:
    """Change a managed user's particulars (name, e-mail, badge, department, phone).
    Errors: Http404 outside ``actor``'s reach; ValidationFailed as ``user_create``."""
    user = user_get_managed(actor=actor, user_id=user.pk)
    badge_number = (badge_number or "").strip()
    _check_badge(badge_number, exclude=user)
    _check_department(department, user.district_id)
    before = {"display_name": user.display_name, "email": user.email,
              "badge_number": user.badge_number, "department": user.department_id,
              "phone": user.phone}
    user.display_name, user.email, user.badge_number = display_name.strip(), email.strip(), \
        badge_number
    user.department, user.phone = department, phone
    after = {"display_name": user.display_name, "email": user.email,
             "badge_number": user.badge_number, "department": user.department_id,
             "phone": user.phone}
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    with transaction.atomic():
        user.save(update_fields=list(before))
        if changed:
            security_event_record(kind=SecurityEventKind.USER_UPDATED, actor=actor,
                                  request=request, target=user, detail={"changed": changed})
    return user


def user_change_role(*, actor, user: User, role: str, is_office_head: bool | None = None,
                     request=None) -> User:
    """Give a managed user another role (an office head: inspector ↔ district official, in
    the district). Errors: Http404, ValidationFailed (``role``), PermissionDenied for oneself."""
    user = user_get_managed(actor=actor, user_id=user.pk)
    if user.pk == actor.pk:
        raise PermissionDenied(_("不能修改自己的角色。"))
    _check_role(actor, role, user.district_id)
    head = user.is_office_head if (is_office_head is None or actor.is_district_head) \
        else bool(is_office_head)
    if role != Role.DISTRICT_OFFICIAL:
        head = False
    before = (user.role, user.is_office_head)
    with transaction.atomic():
        user.role, user.is_office_head = role, head
        user.save(update_fields=["role", "is_office_head"])
        if before != (role, head):
            security_event_record(kind=SecurityEventKind.ROLE_CHANGED, actor=actor,
                                  request=request, target=user,
                                  detail={"from": before[0], "to": role,
                                          "office_head": [before[1], head]})
    return user


def user_set_active(*, actor, user: User, active: bool, request=None) -> User:
    """Deactivate (every session and token stops working at once) or reactivate a managed
    user. Errors: Http404, PermissionDenied for oneself."""
    user = user_get_managed(actor=actor, user_id=user.pk)
    if user.pk == actor.pk:
        raise PermissionDenied(_("不能停用自己的账号。"))
    if user.is_active != active:
        with transaction.atomic():
            user.is_active = active
            user.save(update_fields=["is_active"])
            security_event_record(kind=SecurityEventKind.USER_REACTIVATED if active
                                  else SecurityEventKind.USER_DEACTIVATED,
                                  actor=actor, request=request, target=user)
    return user


def user_force_password_reset(*, actor, user: User, request=None) -> User:
    """The password stops working at once (every session ends) and a link to set a new one is
    e-mailed. Errors: Http404; ValidationFailed (``email``) when the user has no e-mail."""
    user = user_get_managed(actor=actor, user_id=user.pk)
    if not user.email:
        raise ValidationFailed(_("该用户没有邮箱，无法发送重置链接。请先填写邮箱。"), field="email")
    with transaction.atomic():
        user.set_unusable_password()
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        security_event_record(kind=SecurityEventKind.PASSWORD_RESET_FORCED, actor=actor,
                              request=request, target=user)
        transaction.on_commit(lambda: password_link_send(user=user))
    return user


def user_unlock(*, actor, user: User, request=None) -> int:
    """Clear the failed-login lock of a managed user (account and the addresses it failed
    from). Output: lock rows cleared. Errors: Http404."""
    from axes.models import AccessAttempt

    user = user_get_managed(actor=actor, user_id=user.pk)
    addresses = set(AccessAttempt.objects.filter(username=user.get_username())
                    .values_list("ip_address", flat=True))
    cleared = lockout_reset(username=user.get_username())
    security_event_record(kind=SecurityEventKind.UNLOCKED, actor=actor, request=request,
                          target=user, detail={"cleared": cleared,
                                               "addresses": sorted(a for a in addresses if a)})
    return cleared


def user_reset_otp(*, actor, user: User) -> None:
    """Remove a managed user's second factor (lost phone). Errors: Http404."""
    user = user_get_managed(actor=actor, user_id=user.pk)
    otp_reset(user=user, actor=actor)


def users_locked_out() -> set[str]:
    """Login names axes currently counts at or over the failure limit."""
    from axes.models import AccessAttempt

    return set(AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
               .exclude(username__isnull=True).values_list("username", flat=True))


def password_link_url(user: User) -> str:
    """Absolute single-use link to set ``user``'s password (valid ``PASSWORD_RESET_TIMEOUT``
    seconds; it stops working once the password changes)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def password_link_send(*, user: User, invitation: bool = False) -> None:
    """E-mail ``user`` the link to set their password (a new account's invitation, or a reset
    forced by their office head)."""
    if not user.email:
        return
    if invitation:
        subject = _("【隐患排查治理】您的账号已开通，请设置密码")
        intro = _("%(name)s，您好：已为您开通账号“%(username)s”。")
    else:
        subject = _("【隐患排查治理】请重新设置密码")
        intro = _("%(name)s，您好：区县办负责人已重置账号“%(username)s”的密码。")
    body = (intro % {"name": user, "username": user.get_username()} + "\n"
            + _("请在 %(hours)d 小时内打开以下链接设置密码（链接只能使用一次）：\n%(url)s")
            % {"hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
               "url": password_link_url(user)})
    EmailMessage(subject=subject, body=body, to=[user.email]).send()


def user_search(queryset, q: str):
    """Narrow a managed-users queryset by login name, name or badge number."""
    q = (q or "").strip()
    if not q:
        return queryset
    return queryset.filter(Q(username__icontains=q) | Q(display_name__icontains=q)
                           | Q(badge_number=q))
