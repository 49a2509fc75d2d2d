"""Public pages of the ground floor: the published seal keys (/seals/keys/), which anyone may
read without logging in, so a printed record can be verified offline (docs/seals.md)."""
from django.http import JsonResponse
from django.shortcuts import render

from core.seals import published_keys


def _keys() -> list[dict]:
    return [{"key_id": key.key_id, "algorithm": "Ed25519", "current": key.current,
             "public_key_base64": key.raw_base64, "public_key_pem": key.pem}
            for key in published_keys()]


def seal_keys(request):
    """The published public keys (HTML): key id → Ed25519 public key, base64 and PEM; the
    current signing key first. No login: verifying a seal needs nothing private."""
    return render(request, "seals/keys.html", {"keys": _keys()})


def seal_keys_json(request):
    """The same as JSON: ``{"keys": [{"key_id", "algorithm", "current",
    "public_key_base64", "public_key_pem"}, …]}``."""
    return JsonResponse({"keys": _keys()}, json_dumps_params={"ensure_ascii": False})
