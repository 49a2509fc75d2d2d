from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of docs/domain.md ("Roles"). Scope follows from the role (see accounts.scoping)."""

    CITY_OFFICIAL = "city_official", _("市级管理人员")
    DISTRICT_OFFICIAL = "district_official", _("区县管理人员")
    INSPECTOR = "inspector", _("执法检查人员")
    ENTERPRISE_OFFICER = "enterprise_officer", _("企业安全管理人员")


DISTRICT_ROLES = frozenset({Role.DISTRICT_OFFICIAL, Role.INSPECTOR})


class SecurityEventKind(models.TextChoices):
    """What a security audit record (``SecurityEvent``) is about; dotted names
    (CONVENTIONS.md §12)."""

    LOGIN_SUCCEEDED = "login.succeeded", _("登录成功")
    LOGIN_FAILED = "login.failed", _("登录失败")
    LOCKED_OUT = "login.locked_out", _("账号或地址被锁定")
    UNLOCKED = "login.unlocked", _("解除锁定")
    LOGOUT = "logout", _("退出登录")
    SESSION_EXPIRED = "session.expired", _("会话超时")
    PASSWORD_CHANGED = "password.changed", _("修改密码")
    PASSWORD_RESET_REQUESTED = "password.reset_requested", _("申请重置密码")
    PASSWORD_RESET = "password.reset", _("通过邮件重置密码")
    PASSWORD_RESET_FORCED = "password.reset_forced", _("强制重置密码")
    PASSWORD_CONFIRM_FAILED = "password.confirm_failed", _("签署密码确认失败")
    OTP_ENROLLED = "otp.enrolled", _("启用双因素认证")
    OTP_FAILED = "otp.failed", _("动态验证码错误")
    OTP_RECOVERY_USED = "otp.recovery_used", _("使用恢复码登录")
    OTP_RESET = "otp.reset", _("重置双因素认证")
    USER_CREATED = "user.created", _("创建用户")
    USER_UPDATED = "user.updated", _("修改用户信息")
    ROLE_CHANGED = "user.role_changed", _("变更角色")
    USER_DEACTIVATED = "user.deactivated", _("停用用户")
    USER_REACTIVATED = "user.reactivated", _("启用用户")
    TOKEN_CREATED = "token.created", _("创建 API 令牌")
    TOKEN_REVOKED = "token.revoked", _("吊销 API 令牌")
    PERMISSION_DENIED = "permission.denied", _("拒绝访问")
    PERSONAL_DATA_EXPORTED = "personal_data.exported", _("导出个人信息")
    SEAL_VERIFIED = "seal.verified", _("核验签章")
    AUDIT_EXPORTED = "audit.exported", _("导出审计记录")
    AUDIT_PURGED = "audit.purged", _("清理过期审计记录")
