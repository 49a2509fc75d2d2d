"""``/api/v1/auth/token/``: a script obtains a token with a login name and password (and the
authenticator code when the account has one), or revokes the token it is using. The password
goes through the same lockout as the login page (``accounts.lockout``)."""
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.lockout import PasswordNotConfirmed, lockout_message
from accounts.models import ApiToken
from accounts.otp import otp_enrolled, otp_verify
from accounts.tokens import api_token_create, api_token_revoke
from core.errors import AccountLocked, ValidationFailed


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text="Login name.")
    password = serializers.CharField(max_length=256, trim_whitespace=False,
                                     style={"input_type": "password"}, help_text="Password.")
    otp = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                help_text="Code from the authenticator app (or a recovery "
                                          "code); required when the account has enrolled.")
    name = serializers.CharField(max_length=60, help_text="What the token is for.")
    read_only = serializers.BooleanField(default=True, help_text="Only GET/HEAD/OPTIONS.")


class TokenView(APIView):
    """POST: exchange credentials for a new token (the key is in the answer, once). DELETE:
    revoke the token that authenticates this request."""

    permission_classes = [AllowAny]
    throttle_classes = []

    def get_permissions(self):
        if self.request.method == "DELETE":
            from rest_framework.permissions import IsAuthenticated

            return [IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(request=TokenRequestSerializer, responses={201: inline_serializer(
        "TokenCreated", {"key": serializers.CharField(), "prefix": serializers.CharField(),
                         "name": serializers.CharField(),
                         "read_only": serializers.BooleanField()})},
        description="Wrong credentials: 400 `authentication_failed`. Too many wrong passwords "
                    "for the account or from the address: 429 `account_locked`.")
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        django_request = request._request
        user = authenticate(django_request, username=values["username"],
                            password=values["password"])
        if getattr(django_request, "axes_locked_out", False):
            raise AccountLocked(lockout_message())
        if user is None:
            raise PasswordNotConfirmed(_("账号或密码不正确。"), field="password")
        if otp_enrolled(user) and otp_verify(user=user, token=values.get("otp", "")) is None:
            raise ValidationFailed(_("动态验证码不正确或缺失。"), field="otp")
        token, key = api_token_create(user=user, name=values["name"],
                                      read_only=values["read_only"])
        return Response({"key": key, "prefix": token.prefix, "name": token.name,
                         "read_only": token.read_only}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if not isinstance(request.auth, ApiToken):
            raise ValidationFailed(_("只能吊销本次请求使用的令牌。"))
        api_token_revoke(user=request.user, token_id=request.auth.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
