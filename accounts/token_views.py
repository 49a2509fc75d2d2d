"""The profile page where a user creates, names, sees and revokes their API tokens.

Thin views: ``accounts.tokens`` creates and revokes. A new key is rendered once, in the
response to the POST that created it, and is never stored or shown again.
"""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import DomainError

from .tokens import api_token_create, api_token_revoke, api_tokens_of


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=60,
                           help_text=gettext_lazy("用途，例如“区县大屏同步脚本”。"))
    read_only = forms.BooleanField(label=gettext_lazy("只读（只能查询，不能提交或修改）"),
                                   required=False, initial=True)


@login_required
def token_list(request):
    """GET: the user's tokens and a form to create one. POST: create one and show its key
    once."""
    new_key = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                _token, new_key = api_token_create(user=request.user,
                                                   name=form.cleaned_data["name"],
                                                   read_only=form.cleaned_data["read_only"])
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                form = ApiTokenForm()
    else:
        form = ApiTokenForm()
    response = render(request, "accounts/tokens.html", {
        "form": form, "tokens": api_tokens_of(request.user), "new_key": new_key,
        "nav": "tokens"})
    if new_key:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    """Revoke one of the user's own tokens (another user's token is a 404)."""
    token = api_token_revoke(user=request.user, token_id=pk)
    messages.success(request, _("令牌“%(name)s”已吊销。") % {"name": token.name})
    return redirect("accounts:tokens")
