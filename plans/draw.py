"""The draw of a random inspection plan (双随机一公开), as a pure function of a seed and the
pools' snapshot, so that anyone holding both can reproduce and audit it.

- The seed: 32 bytes from ``secrets`` (a cryptographically secure source), recorded as hex.
- The snapshot: the pools in canonical form (sorted ids, sorted conflict pairs) and its
  SHA-256 over canonical JSON (sorted keys, no spaces).
- The generator: SHA-256 in counter mode, ``block_i = SHA-256(seed_bytes || i as 8-byte
  big-endian)``, read as a stream of 64-bit big-endian integers. ``below(n)`` draws an
  integer in [0, n) by rejection sampling (no modulo bias). Nothing depends on Python's
  ``random`` module, whose algorithms may change between versions.
- The algorithm: a Fisher–Yates shuffle of the inspector pool (the first 2·T form T teams
  of two, in order); a Fisher–Yates shuffle of the enterprise pool; then, walking the
  shuffled enterprises, each one goes to the next team in rotation that has no declared
  conflict of interest with it (either member), skipped when every team has one, until N
  enterprises are drawn. So a conflict of interest is never drawn, and the enterprises are a
  uniform random sample when no conflict intervenes.
"""
import hashlib
import json
import secrets
from dataclasses import dataclass


def new_seed() -> str:
    """A fresh seed: 64 hex characters (256 bits) from ``secrets``."""
    return secrets.token_hex(32)


def canonical_snapshot(*, enterprises, inspectors, conflicts, criteria: dict) -> dict:
    """The pools in canonical form: sorted unique ids and sorted ``[inspector, enterprise]``
    pairs (only pairs within the pools matter)."""
    enterprise_ids = sorted({int(pk) for pk in enterprises})
    inspector_ids = sorted({int(pk) for pk in inspectors})
    in_pools = set(enterprise_ids), set(inspector_ids)
    pairs = sorted({(int(i), int(e)) for i, e in conflicts
                    if int(i) in in_pools[1] and int(e) in in_pools[0]})
    return {"criteria": criteria, "enterprises": enterprise_ids, "inspectors": inspector_ids,
            "conflicts": [list(pair) for pair in pairs]}


def snapshot_digest(snapshot: dict) -> str:
    """SHA-256 (hex) of the snapshot's canonical JSON."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class Stream:
    """Deterministic integers from a seed: SHA-256 counter mode (see the module docstring)."""

    def __init__(self, seed_hex: str):
        self._seed = bytes.fromhex(seed_hex)
        self._counter = 0
        self._buffer = b""

    def _u64(self) -> int:
        if len(self._buffer) < 8:
            self._buffer += hashlib.sha256(self._seed
                                           + self._counter.to_bytes(8, "big")).digest()
            self._counter += 1
        value, self._buffer = int.from_bytes(self._buffer[:8], "big"), self._buffer[8:]
        return value

    def below(self, n: int) -> int:
        """An integer in [0, n), uniform (rejection sampling)."""
        if n <= 0:
            raise ValueError("n must be positive")
        limit = (2**64 // n) * n
        while True:
            value = self._u64()
            if value < limit:
                return value % n

    def shuffled(self, items: list) -> list:
        """A Fisher–Yates shuffle of a copy of ``items``."""
        out = list(items)
        for i in range(len(out) - 1, 0, -1):
            j = self.below(i + 1)
            out[i], out[j] = out[j], out[i]
        return out


@dataclass(frozen=True)
class DrawResult:
    """``enterprises``: drawn ids in draw order; ``teams``: [[inspector, inspector], …];
    ``assignments``: [[enterprise id, team index], …]."""

    enterprises: list
    teams: list
    assignments: list

    def as_json(self) -> dict:
        return {"enterprises": self.enterprises, "teams": self.teams,
                "assignments": self.assignments}


class PoolTooSmall(ValueError):
    """The pools cannot give the requested numbers."""


def draw(*, seed: str, snapshot: dict, enterprise_count: int, team_count: int) -> DrawResult:
    """Draw ``team_count`` teams of two and ``enterprise_count`` enterprises from
    ``snapshot`` with ``seed``. Pure and deterministic. Raises PoolTooSmall when there are
    fewer than 2·team_count inspectors, or fewer enterprises that some team may take than
    ``enterprise_count``."""
    if team_count < 1 or enterprise_count < 1:
        raise PoolTooSmall("at least one team and one enterprise")
    stream = Stream(seed)
    inspectors = stream.shuffled(snapshot["inspectors"])
    if len(inspectors) < 2 * team_count:
        raise PoolTooSmall("not enough inspectors for the teams")
    teams = [inspectors[2 * t:2 * t + 2] for t in range(team_count)]
    conflicts = {(i, e) for i, e in snapshot["conflicts"]}
    enterprises = stream.shuffled(snapshot["enterprises"])
    drawn, assignments, turn = [], [], 0
    for enterprise in enterprises:
        if len(drawn) == enterprise_count:
            break
        for offset in range(team_count):
            team_index = (turn + offset) % team_count
            if not any((member, enterprise) in conflicts for member in teams[team_index]):
                drawn.append(enterprise)
                assignments.append([enterprise, team_index])
                turn = team_index + 1
                break
    if len(drawn) < enterprise_count:
        raise PoolTooSmall("not enough enterprises without conflicts")
    return DrawResult(enterprises=drawn, teams=teams, assignments=assignments)
