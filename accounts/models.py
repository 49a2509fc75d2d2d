"""The user and its role. A user's scope (what they may see) follows from role + district or
enterprise; see ``accounts.scoping``."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import FieldHistory
from core.text import (  # the one table of length limits (TEXT_LIMITS), and normalisation
    clean_text,
    limit,
    normalize_identifier,
    normalize_phone,
)

from .enums import DISTRICT_ROLES, Role, SecurityEventKind


class User(AbstractUser):
    """A person using the system.

    - city official: ``district`` and ``enterprise`` empty; sees everything.
    - district official / inspector: ``district`` set; sees that district.
    - enterprise officer: ``enterprise`` set; sees that enterprise.

    ``badge_number`` (执法证号) is an enforcement officer's badge; inspectors sign with it.
    ``is_office_head`` marks the district office's head, who receives escalations.
    """

    role = models.CharField(_("角色"), max_length=30, choices=Role.choices, blank=True)
    display_name = models.CharField(_("姓名"), max_length=limit("user.display_name"), blank=True)
    district = models.ForeignKey("enterprises.District", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="users",
                                 verbose_name=_("所属区县"))
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="officers",
                                   verbose_name=_("所属企业"))
    department = models.ForeignKey("enterprises.Department", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="staff",
                                   verbose_name=_("所属部门"))
    badge_number = models.CharField(_("执法证号"), max_length=limit("user.badge_number"),
                                    blank=True)
    phone = models.CharField(_("手机"), max_length=limit("user.phone"), blank=True)
    is_office_head = models.BooleanField(_("区县办负责人"), default=False)
    # password age (PASSWORD_MAX_AGE_DAYS) counts from here; None = never changed through the
    # product (set at creation by accounts.users)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # set by an office head's "force a password reset": every page sends the user to change it
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    # who changed a user's role, district, enterprise, department, badge number or activity,
    # and when (the admin's request user, via simple-history's middleware). Never the
    # password hash, and no row for a login's last_login stamp.
    # the password itself never; its change times are security events (accounts.audit)
    history = FieldHistory(excluded_fields=["password", "last_login", "password_changed_at",
                                            "must_change_password"],
                           user_related_name="+")

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=[*Role.values, ""]), name="user_role_valid"),
            # sorted: a frozenset's order changes with PYTHONHASHSEED, and makemigrations would
            # then see a changed constraint on some runs (scripts/check tries ten seeds)
            models.CheckConstraint(
                # sorted: a frozenset's order follows the hash seed, and makemigrations
                # would see a changed constraint on some runs
                condition=~Q(role__in=sorted(DISTRICT_ROLES)) | Q(district__isnull=False),
                name="user_district_role_has_district"),
            models.CheckConstraint(
                condition=~Q(role=Role.ENTERPRISE_OFFICER) | Q(enterprise__isnull=False),
                name="user_enterprise_officer_has_enterprise"),
            models.UniqueConstraint(fields=["badge_number"], condition=~Q(badge_number=""),
                                    name="user_badge_number_unique"),
        ]

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    def normalize_typed_fields(self) -> None:
        """Badge number and phone half-width (a badge typed ``５００１０２０００１`` is stored
        ``5001020001``, so the uniqueness constraint and the signing rules see one spelling),
        display name cleaned of bidirectional controls (``core.text``)."""
        self.badge_number = normalize_identifier(self.badge_number)
        self.phone = normalize_phone(self.phone)
        self.display_name = clean_text(self.display_name)

    def clean(self):
        super().clean()
        self.normalize_typed_fields()

    def save(self, *args, **kwargs):
        # users are written by the admin, createsuperuser and scripts, not by one service:
        # the model keeps its identifiers half-width whoever saves it
        self.normalize_typed_fields()
        super().save(*args, **kwargs)

    @property
    def is_city_official(self) -> bool:
        return self.role == Role.CITY_OFFICIAL

    @property
    def is_district_official(self) -> bool:
        return self.role == Role.DISTRICT_OFFICIAL

    @property
    def is_inspector(self) -> bool:
        return self.role == Role.INSPECTOR

    @property
    def is_enterprise_officer(self) -> bool:
        return self.role == Role.ENTERPRISE_OFFICER

    @property
    def is_district_head(self) -> bool:
        """A district official marked as the office's head (区县办负责人)."""
        return self.role == Role.DISTRICT_OFFICIAL and self.is_office_head

    def works_in_district(self, district_id: str) -> bool:
        """True for a district official or inspector of ``district_id`` (6-digit code)."""
        return self.role in DISTRICT_ROLES and self.district_id == district_id


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """API 令牌: a named secret a user gives a script or platform to call the API as them.

    The token sees exactly what its owner sees (the same scoped selectors). Only a SHA-256
    digest of the key is stored; the key itself is shown once, when the token is created
    (``accounts.tokens.api_token_create``). ``prefix`` (the key's first characters) lets the
    owner recognise a token in the list. A ``read_only`` token authenticates only safe
    methods (GET/HEAD/OPTIONS). A revoked token (``revoked_at`` set) never authenticates again.
    """

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("用户"))
    name = models.CharField(_("名称"), max_length=60)
    prefix = models.CharField(_("前缀"), max_length=12)
    key_hash = models.CharField(_("密钥摘要(SHA-256)"), max_length=64, unique=True)
    read_only = models.BooleanField(_("只读"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        indexes = [
            # the profile page's token list
            models.Index(fields=["user", "-created_at"], name="apitoken_user_created"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class SecurityEventQuerySet(models.QuerySet):
    """Rows are append-only: ``update()`` and ``delete()`` are refused here, and on PostgreSQL
    a trigger refuses UPDATE always and DELETE outside ``accounts.audit.security_events_purge``
    (migration 0004)."""

    def update(self, **kwargs):
        raise AppendOnly("security events are never changed")

    def delete(self):
        raise AppendOnly("security events are deleted only by accounts.audit."
                         "security_events_purge")


class AppendOnly(Exception):
    """An attempt to change or delete an append-only audit row."""


class SecurityEvent(models.Model):
    """安全审计记录: one security-relevant event (GB/T 22239-2019 8.1.4.3 安全审计): a login,
    a failure, a lockout, a password or role change, a token created or revoked, a permission
    denial, an export of personal data, a seal verification.

    ``actor`` is the user who acted (null for an anonymous failed login; ``username`` then holds
    what was typed); ``ip`` and ``request_id`` tie the row to the request and the logs;
    ``object_type``/``object_id``/``object_repr`` name what it was done to; ``detail`` holds
    the rest (JSON). Written by ``accounts.audit.security_event_record`` only; never changed;
    deleted only by ``accounts.audit.security_events_purge`` once older than
    ``SECURITY_EVENT_RETENTION_DAYS`` (at least 180).
    """

    at = models.DateTimeField(_("时间"), default=timezone.now)
    kind = models.CharField(_("事件"), max_length=40, choices=SecurityEventKind.choices)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("操作人"))
    username = models.CharField(_("账号"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=200, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("安全审计记录")
        verbose_name_plural = _("安全审计记录")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SecurityEventKind.values),
                                   name="security_event_kind_valid"),
        ]
        indexes = [
            # the audit page, newest first, and the retention purge (at < cut-off)
            models.Index(fields=["-at", "-id"], name="security_event_at"),
            # the page's filters: event kind, account, address
            models.Index(fields=["kind", "-at"], name="security_event_kind_at"),
            models.Index(fields=["username", "-at"], name="security_event_username_at"),
            models.Index(fields=["ip", "-at"], name="security_event_ip_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("security events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("security events are deleted only by accounts.audit."
                         "security_events_purge")
