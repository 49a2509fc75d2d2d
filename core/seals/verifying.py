"""Verifying seals: one seal (``seal_verify``) and whole district chains (``chain_verify``).

A seal is good when (1) its stored content still hashes to its content hash and its fields
to its seal hash, (2) the signature verifies with the published key of its key id, (3) the
object's content, recomputed from the database now, hashes to the sealed content hash, and
(4) it links to the previous seal of its chain (same previous hash, sequence one more).
``chain_verify`` walks each chain in sequence and names the first break, checks the chain
head (a removed tail), and lists signed or issued objects that carry no seal.
"""
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Seal, SealChainHead
from .keys import signature_valid
from .registry import seal_kind, seal_kinds
from .sealing import GENESIS_HASH, canonical_json, seal_hash_of, sha256_hex

# problem codes, in the order they are checked
SEAL_ALTERED = "seal_altered"
UNKNOWN_KIND = "unknown_kind"
UNKNOWN_KEY = "unknown_key"
BAD_SIGNATURE = "bad_signature"
OBJECT_MISSING = "object_missing"
CONTENT_CHANGED = "content_changed"
SEQUENCE_GAP = "sequence_gap"
PREVIOUS_MISMATCH = "previous_mismatch"
HEAD_MISMATCH = "head_mismatch"
UNSEALED = "unsealed"

_UNSET = object()


@dataclass(frozen=True)
class SealCheck:
    """The outcome of ``seal_verify``: ``problems`` is ``[(code, message)]`` (empty when the
    seal is good); ``changed_fields`` names the content paths that differ from the sealed
    content (``record.notes``, ``findings[0].description``) when the content changed."""

    seal: Seal
    problems: tuple[tuple[str, str], ...]
    changed_fields: tuple[str, ...] = ()
    # (path, sealed value, current value) for each changed field
    differences: tuple[tuple[str, str, str], ...] = ()
    # SHA-256 of the object's content now ("" when the object or its kind is gone)
    current_content_hash: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem(self) -> str:
        """The first problem's code ("" when good)."""
        return self.problems[0][0] if self.problems else ""

    @property
    def message(self) -> str:
        """The first problem's message ("" when good)."""
        return self.problems[0][1] if self.problems else ""


_MISSING = "—"


def _diff(sealed, current, path="") -> list[tuple[str, str, str]]:
    """Where two JSON values differ: ``[(path, sealed value, current value)]`` with dict keys
    joined by ``.`` and list items as ``[i]``; values as compact JSON text."""
    if isinstance(sealed, dict) and isinstance(current, dict):
        out = []
        for key in sorted(set(sealed) | set(current)):
            name = f"{path}.{key}" if path else str(key)
            out += _diff(sealed.get(key, _MISSING), current.get(key, _MISSING), name)
        return out
    if isinstance(sealed, list) and isinstance(current, list):
        out = []
        for index in range(max(len(sealed), len(current))):
            out += _diff(sealed[index] if index < len(sealed) else _MISSING,
                         current[index] if index < len(current) else _MISSING,
                         f"{path}[{index}]")
        return out
    if sealed == current:
        return []
    def shown(value):
        return value if isinstance(value, str) else canonical_json(value)
    return [(path or "$", shown(sealed), shown(current))]


def seal_object_label(seal: Seal) -> str:
    """How reports name the sealed object: its kind's label and number, from the sealed
    content (the object itself may be gone)."""
    kind = seal_kind(seal.kind)
    try:
        content = json.loads(seal.content)
    except ValueError:
        content = {}
    number = kind.describe(content) if kind is not None else ""
    label = str(kind.label) if kind is not None else seal.kind
    return f"{label} {number or '#' + str(seal.object_id)}"


def _link_problem(seal: Seal, previous) -> tuple[str, str] | None:
    if seal.sequence == 1:
        if seal.previous_hash != GENESIS_HASH:
            return PREVIOUS_MISMATCH, _("链首签章的前一签章哈希不是全零。")
        return None
    if previous is None or previous.sequence != seal.sequence - 1:
        return SEQUENCE_GAP, (_("签章链在第 %(n)d 号之前缺少签章（已被删除）。")
                              % {"n": seal.sequence})
    if previous.seal_hash != seal.previous_hash:
        return PREVIOUS_MISMATCH, (_("第 %(n)d 号签章记载的前一签章哈希与第 %(p)d 号签章不符"
                                     "（签章被替换或调换了顺序）。")
                                   % {"n": seal.sequence, "p": previous.sequence})
    return None


def seal_verify(seal: Seal, *, previous=_UNSET) -> SealCheck:
    """Check one seal: its own hashes, its signature, the object's content now, and its link
    to the previous seal of the chain.

    Input: the seal; ``previous``, the chain's previous seal when the caller has it (a chain
    walk), else it is read (None for a missing one). Output: a SealCheck. Runs the kind's
    content function (a few queries) and one query for the previous seal.
    """
    problems: list[tuple[str, str]] = []
    differences: list[tuple[str, str, str]] = []
    if sha256_hex(seal.content) != seal.content_hash or seal_hash_of(seal) != seal.seal_hash:
        problems.append((SEAL_ALTERED, _("签章本身的数据已被改动（哈希不符）。")))
    valid = signature_valid(key_id=seal.key_id, signature_b64=seal.signature,
                            seal_hash=seal.seal_hash)
    if valid is None:
        problems.append((UNKNOWN_KEY, _("签名密钥“%(key)s”不在公布的密钥中（未知或已撤销）。")
                         % {"key": seal.key_id}))
    elif not valid:
        problems.append((BAD_SIGNATURE, _("签名无效：签章不是由密钥“%(key)s”签发的，或已被改动。")
                         % {"key": seal.key_id}))
    kind = seal_kind(seal.kind)
    current_hash = ""
    if kind is None:
        problems.append((UNKNOWN_KIND, _("未知的签章对象类型“%(kind)s”。") % {"kind": seal.kind}))
    else:
        current = kind.content(seal.object_id)
        if current is None:
            problems.append((OBJECT_MISSING, _("%(object)s 已从数据库中删除。")
                             % {"object": seal_object_label(seal)}))
        elif (current_hash := sha256_hex(canonical_json(current))) != seal.content_hash:
            try:
                differences = _diff(json.loads(seal.content), current)
            except ValueError:
                differences = []
            problems.append((CONTENT_CHANGED, _("%(object)s 的内容在签章后被改动：%(fields)s")
                             % {"object": seal_object_label(seal),
                                "fields": "、".join(d[0] for d in differences) or "—"}))
    if previous is _UNSET:
        previous = (Seal.objects.filter(district_code=seal.district_code,
                                        sequence=seal.sequence - 1).first()
                    if seal.sequence > 1 else None)
    link = _link_problem(seal, previous)
    if link is not None:
        problems.append(link)
    return SealCheck(seal=seal, problems=tuple(problems),
                     changed_fields=tuple(d[0] for d in differences),
                     differences=tuple(differences), current_content_hash=current_hash)


@dataclass(frozen=True)
class ChainBreak:
    """The first break of a chain: where (sequence, seal), what (problem code, message) and
    which object (``object_label``; ``kind``/``object_id``)."""

    district_code: str
    sequence: int
    kind: str
    object_id: int | None
    object_label: str
    problem: str
    message: str
    changed_fields: tuple[str, ...] = ()
    seal_id: int | None = None


@dataclass
class ChainStatus:
    """One district chain's result: seals checked, the head, the first break (None when the
    chain is whole) and the objects that should be sealed but are not (at most ``limit``)."""

    district_code: str
    checked: int = 0
    head_sequence: int = 0
    head_hash: str = ""
    first_break: ChainBreak | None = None
    unsealed: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.first_break is None and not self.unsealed


def _break_of(check: SealCheck) -> ChainBreak:
    seal = check.seal
    return ChainBreak(district_code=seal.district_code, sequence=seal.sequence, kind=seal.kind,
                      object_id=seal.object_id, object_label=seal_object_label(seal),
                      problem=check.problem, message=check.message,
                      changed_fields=check.changed_fields, seal_id=seal.pk)


def _walk(status: ChainStatus, batch_size: int) -> None:
    head = SealChainHead.objects.filter(district_code=status.district_code).first()
    if head is not None:
        status.head_sequence, status.head_hash = head.sequence, head.seal_hash
    previous, expected = None, 1
    last_sequence = 0
    while True:
        batch = list(Seal.objects.filter(district_code=status.district_code,
                                         sequence__gt=last_sequence)
                     .order_by("sequence")[:batch_size])
        for seal in batch:
            if seal.sequence != expected:
                # the seal right after the gap names where it is
                check = SealCheck(seal=seal, problems=(_link_problem(seal, previous),))
                status.first_break = _break_of(check)
                return
            check = seal_verify(seal, previous=previous)
            status.checked += 1
            if not check.ok:
                status.first_break = _break_of(check)
                return
            previous, expected = seal, expected + 1
        if len(batch) < batch_size:
            break
        last_sequence = batch[-1].sequence
    last_hash = previous.seal_hash if previous is not None else ""
    last_sequence = previous.sequence if previous is not None else 0
    if head is None or (head.sequence, head.seal_hash) != (last_sequence, last_hash):
        if head is None and last_sequence == 0:
            return
        status.first_break = ChainBreak(
            district_code=status.district_code, sequence=last_sequence + 1, kind="",
            object_id=None, object_label="", problem=HEAD_MISMATCH,
            message=_("签章链头记载到第 %(head)d 号，实际只有 %(last)d 号（链尾签章已被删除）。")
            % {"head": head.sequence if head else 0, "last": last_sequence})


def chain_verify(district: str | None = None, *, batch_size: int = 500,
                 unsealed_limit: int = 20) -> list[ChainStatus]:
    """Walk the seal chain of ``district`` (a district code), or of every district, and
    return one ChainStatus per district, in code order.

    Each chain is read in sequence, ``batch_size`` seals at a time, and each seal is checked
    with ``seal_verify`` (so the whole content of every sealed object is recomputed); the walk
    stops at the chain's first break. Then the head row is compared with the last seal, and
    every registered kind lists objects that should be sealed but are not (deleted seals,
    objects signed while sealing was bypassed), at most ``unsealed_limit`` per kind.
    """
    codes = set(SealChainHead.objects.values_list("district_code", flat=True))
    codes |= set(Seal.objects.order_by().values_list("district_code", flat=True).distinct())
    unsealed: dict[str, list[tuple[str, int, str]]] = {}
    for kind in seal_kinds():
        for code, object_id in kind.unsealed(district, unsealed_limit):
            unsealed.setdefault(code, []).append((kind.kind, object_id, str(kind.label)))
    codes |= set(unsealed)
    if district is not None:
        codes = {district}
    statuses = []
    for code in sorted(codes):
        status = ChainStatus(district_code=code, unsealed=unsealed.get(code, [])[:unsealed_limit])
        _walk(status, batch_size)
        statuses.append(status)
    return statuses


@dataclass(frozen=True)
class NeighbourLink:
    """One side of a seal in its chain, without naming the neighbour's object (it may belong
    to another enterprise): ``sequence`` expected there, whether a seal is there
    (``present``), whether the two seals link (``linked``: the later one records the earlier
    one's hash), whether the neighbour's own hashes and signature hold (``intact``), and
    whether this seal is the chain's end (``is_end``, next side only)."""

    sequence: int
    present: bool
    linked: bool
    intact: bool
    is_end: bool = False


def _intact(seal: Seal) -> bool:
    return (sha256_hex(seal.content) == seal.content_hash and seal_hash_of(seal) == seal.seal_hash
            and signature_valid(key_id=seal.key_id, signature_b64=seal.signature,
                                seal_hash=seal.seal_hash) is True)


def seal_surroundings(seal: Seal) -> tuple[NeighbourLink | None, NeighbourLink]:
    """The chain around ``seal``: its previous side (None for a chain's first seal) and its
    next side. Two queries."""
    around = {s.sequence: s for s in Seal.objects.filter(
        district_code=seal.district_code, sequence__in=[seal.sequence - 1, seal.sequence + 1])}
    before, after = around.get(seal.sequence - 1), around.get(seal.sequence + 1)
    previous = None
    if seal.sequence > 1:
        previous = NeighbourLink(
            sequence=seal.sequence - 1, present=before is not None,
            linked=before is not None and before.seal_hash == seal.previous_hash,
            intact=before is not None and _intact(before))
    head = SealChainHead.objects.filter(district_code=seal.district_code).first()
    is_end = after is None and head is not None and head.sequence == seal.sequence
    following = NeighbourLink(
        sequence=seal.sequence + 1, present=after is not None,
        linked=after is not None and after.previous_hash == seal.seal_hash,
        intact=after is not None and _intact(after), is_end=is_end)
    return previous, following
