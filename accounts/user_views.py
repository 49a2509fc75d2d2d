"""User management pages for district office heads, the city and administrators. Views only
translate HTTP; who may do what is ``accounts.users``."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import DomainError

from . import users as service
from .enums import Role
from .models import User

# the related models as User declares them (accounts sits below enterprises: no import)
District = User._meta.get_field("district").remote_field.model
Department = User._meta.get_field("department").remote_field.model


class UserForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("登录名"), max_length=150)
    display_name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    email = forms.EmailField(label=gettext_lazy("邮箱"), required=False,
                             help_text=gettext_lazy("设置密码的链接发到此邮箱。"))
    role = forms.ChoiceField(label=gettext_lazy("角色"))
    district = forms.ModelChoiceField(label=gettext_lazy("所属区县"), required=False,
                                      queryset=District.objects.all())
    badge_number = forms.CharField(label=gettext_lazy("执法证号"), max_length=30, required=False)
    department = forms.ModelChoiceField(label=gettext_lazy("所属部门"), required=False,
                                        queryset=Department.objects.none())
    phone = forms.CharField(label=gettext_lazy("手机"), max_length=30, required=False)
    is_office_head = forms.BooleanField(label=gettext_lazy("区县办负责人"), required=False)
    password = forms.CharField(
        label=gettext_lazy("初始密码（可选）"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("留空则向邮箱发送设置密码的链接；填写则首次登录时须修改。"))

    def __init__(self, *args, actor, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in
                                       service.roles_assignable_by(actor)]
        district_id = actor.district_id if actor.is_district_head else None
        departments = Department.objects.order_by("code")
        if district_id:
            departments = departments.filter(district_id=district_id)
            del self.fields["district"]
            del self.fields["is_office_head"]
        self.fields["department"].queryset = departments
        if editing is not None:
            for name in ("username", "role", "district", "is_office_head", "password"):
                self.fields.pop(name, None)


@login_required
def user_list(request):
    """The users the signed-in manager manages, searchable, 50 a page; locked accounts
    marked."""
    if not service.may_manage_users(request.user):
        raise Http404
    rows = service.user_search(service.users_manageable_by(request.user),
                               request.GET.get("q", "")).order_by("district_id", "username")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/users.html", {
        "page": page, "q": request.GET.get("q", ""), "locked": service.users_locked_out(),
        "nav": "users"})


@login_required
def user_create_view(request):
    if not service.may_manage_users(request.user):
        raise Http404
    form = UserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = service.user_create(
                actor=request.user, username=data["username"],
                display_name=data["display_name"], email=data["email"], role=data["role"],
                badge_number=data["badge_number"], department=data["department"],
                district=data.get("district"), phone=data["phone"],
                is_office_head=data.get("is_office_head", False), password=data["password"],
                request=request)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("已创建用户“%(name)s”。") % {"name": user})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "nav": "users"})


@login_required
def user_detail(request, pk):
    """One managed user: particulars (editable), role, and the actions."""
    user = service.user_get_managed(actor=request.user, user_id=pk)
    form = UserForm(request.POST or None, actor=request.user, editing=user, initial={
        "display_name": user.display_name, "email": user.email,
        "badge_number": user.badge_number, "department": user.department_id,
        "phone": user.phone})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.user_update(actor=request.user, user=user,
                                display_name=data["display_name"], email=data["email"],
                                badge_number=data["badge_number"],
                                department=data["department"], phone=data["phone"],
                                request=request)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_detail.html", {
        "managed": user, "form": form, "nav": "users",
        "roles": [(r, Role(r).label) for r in service.roles_assignable_by(request.user)],
        "locked": user.get_username() in service.users_locked_out(),
        "is_self": user.pk == request.user.pk})


@login_required
@require_POST
def user_action(request, pk, action):
    """deactivate / reactivate / reset_password / role / unlock / reset_otp on a managed
    user."""
    user = service.user_get_managed(actor=request.user, user_id=pk)
    actor = request.user
    try:
        if action == "deactivate":
            service.user_set_active(actor=actor, user=user, active=False, request=request)
            done = _("已停用。")
        elif action == "reactivate":
            service.user_set_active(actor=actor, user=user, active=True, request=request)
            done = _("已启用。")
        elif action == "reset_password":
            service.user_force_password_reset(actor=actor, user=user, request=request)
            done = _("原密码已失效，设置新密码的链接已发到 %(email)s。") % {"email": user.email}
        elif action == "role":
            service.user_change_role(actor=actor, user=user, role=request.POST.get("role", ""),
                                     is_office_head=request.POST.get("is_office_head") == "on",
                                     request=request)
            done = _("角色已变更。")
        elif action == "unlock":
            service.user_unlock(actor=actor, user=user, request=request)
            done = _("已解除锁定。")
        elif action == "reset_otp":
            service.user_reset_otp(actor=actor, user=user)
            done = _("已重置双因素认证，该用户下次登录时重新设置。")
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("accounts:user_detail", pk=user.pk)
