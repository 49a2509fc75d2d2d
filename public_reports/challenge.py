"""Bot protection and rate limit of the public report page, without a third-party service.

Proof of work (hashcash-style): the page embeds a challenge signed by the server
(``issue_challenge``: a random id, the time, the difficulty). The browser looks for a counter
such that SHA-256(``challenge + ":" + counter``) starts with ``PUBLIC_REPORT_POW_BITS`` zero
bits (``static/js/report_pow.js``, about 2^bits hashes, under a second at the default 16 bits
on a phone) and posts it back. ``verify_solution`` checks the signature, the age, the hash,
and that the challenge was not used before (single use, kept in the cache until it expires).

Rate limit: at most ``PUBLIC_REPORT_RATE_PER_HOUR`` accepted reports per client address and
clock hour, counted in the cache. The address is REMOTE_ADDR: behind a reverse proxy the proxy
must set it from the client (e.g. ``real_ip`` in nginx), never from a header the client sends.
"""
import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from core.errors import DomainError, ValidationFailed

_SALT = "public_reports.challenge"


class RateLimited(DomainError):
    """Too many reports from one address within the hour."""

    code = "rate_limited"
    status_code = 429


def issue_challenge() -> dict:
    """A new challenge: ``{"challenge": signed string, "bits": int}``."""
    bits = settings.PUBLIC_REPORT_POW_BITS
    payload = f"{secrets.token_hex(12)}.{int(time.time())}.{bits}"
    return {"challenge": signing.Signer(salt=_SALT).sign(payload), "bits": bits}


def leading_zero_bits(digest: bytes) -> int:
    count = 0
    for byte in digest:
        if byte == 0:
            count += 8
            continue
        return count + 8 - byte.bit_length()
    return count


def solve(challenge: str, bits: int) -> str:
    """The first counter that solves ``challenge`` (what the browser does; tests use it)."""
    counter = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}:{counter}".encode()).digest()) < bits:
        counter += 1
    return str(counter)


def verify_solution(challenge: str, solution: str) -> None:
    """Accept a solved, fresh, unused challenge; raise ValidationFailed (field ``challenge``)
    otherwise. Marks the challenge used."""
    refuse = ValidationFailed(_("验证未通过，请刷新页面后重新提交。"), field="challenge")
    try:
        payload = signing.Signer(salt=_SALT).unsign(challenge or "")
        nonce, issued, bits = payload.split(".")
        issued, bits = int(issued), int(bits)
    except (signing.BadSignature, ValueError):
        raise refuse from None
    if time.time() - issued > settings.PUBLIC_REPORT_CHALLENGE_TTL_SECONDS:
        raise refuse
    if bits < settings.PUBLIC_REPORT_POW_BITS or not (solution or "").isdigit() \
            or len(solution) > 20:
        raise refuse
    digest = hashlib.sha256(f"{challenge}:{solution}".encode()).digest()
    if leading_zero_bits(digest) < bits:
        raise refuse
    if not cache.add(f"public_reports:pow:{nonce}", 1,
                     timeout=settings.PUBLIC_REPORT_CHALLENGE_TTL_SECONDS):
        raise refuse  # replayed


def _rate_key(address: str) -> str:
    hour = int(time.time() // 3600)
    # the address is personal data too: only a digest of it is kept, for an hour
    return "public_reports:rate:" + hashlib.sha256(f"{address}|{hour}".encode()).hexdigest()


def check_rate(address: str) -> None:
    """Raise RateLimited when ``address`` already filed the hour's allowance."""
    if (cache.get(_rate_key(address)) or 0) >= settings.PUBLIC_REPORT_RATE_PER_HOUR:
        raise RateLimited(_("提交过于频繁，请一小时后再试，或拨打 12350 举报电话。"))


def count_report(address: str) -> None:
    """Count one accepted report against ``address``."""
    key = _rate_key(address)
    if not cache.add(key, 1, timeout=3600):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=3600)
