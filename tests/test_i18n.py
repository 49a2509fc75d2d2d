"""English is the second language: the switch works and the English catalog is complete."""
import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from hazards.enums import HazardStatus
from tests import factories

REGISTER = reverse("hazards:register")
CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdf]")


def _unquote(lines):
    """Join the quoted continuation lines of one .po field into its string value."""
    return "".join(ast.literal_eval(line.strip()) for line in lines)


def _entries():
    """The catalog's live entries as dicts: flags, msgid, msgid_plural, msgstr (list)."""
    entries = []
    for block in CATALOG.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        if not lines or all(line.startswith("#~") or not line.strip() for line in lines):
            continue
        entry = {"flags": "", "msgid": None, "msgid_plural": None, "msgstr": []}
        fields, current = {}, None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"] += line[2:]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current].append(line)
            else:
                current, _, rest = line.partition(" ")
                fields[current] = [rest]
        entry["msgid"] = _unquote(fields["msgid"])
        if "msgid_plural" in fields:
            entry["msgid_plural"] = _unquote(fields["msgid_plural"])
        entry["msgstr"] = [_unquote(value) for key, value in sorted(fields.items())
                           if key.startswith("msgstr")]
        entries.append(entry)
    return entries


@pytest.mark.django_db
def test_switching_to_english_shows_the_register_in_english(client, enterprise,
                                                            district_official):
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    client.force_login(district_official)

    client.post(reverse("set_language"), {"language": "en", "next": REGISTER})
    response = client.get(REGISTER)

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert "Hazard register" in page
    assert "Under rectification" in page
    assert "隐患台账" not in page


@pytest.mark.django_db
def test_accept_language_en_is_honoured_and_chinese_stays_the_default(client, enterprise,
                                                                      district_official):
    factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    english = client.get(REGISTER, headers={"accept-language": "en"}).content.decode()
    chinese = client.get(REGISTER).content.decode()

    assert "Hazard register" in english and "隐患台账" not in english
    assert "隐患台账" in chinese and "Hazard register" not in chinese


def test_every_catalog_entry_is_translated_and_none_is_fuzzy():
    entries = _entries()
    header, messages = entries[0], entries[1:]

    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert len(messages) > 600
    assert [e["msgid"] for e in messages if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in messages if not all(e["msgstr"])] == []
    assert [e["msgid"] for e in messages if e["msgid_plural"] and len(e["msgstr"]) != 2] == []


def test_translations_keep_every_placeholder():
    mismatched = []
    for entry in _entries()[1:]:
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for source, target in zip(sources, entry["msgstr"], strict=False):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target)):
                mismatched.append((source, target))

    assert mismatched == []


def test_compiled_catalog_matches_the_po_file():
    stale = []
    with translation.override("en"):
        for entry in _entries()[1:]:
            if entry["msgid_plural"]:
                got = translation.ngettext(entry["msgid"], entry["msgid_plural"], 2)
                want = entry["msgstr"][1]
            else:
                got, want = translation.gettext(entry["msgid"]), entry["msgstr"][0]
            if got != want:
                stale.append(entry["msgid"])

    assert stale == [], "run: python manage.py compilemessages -l en --ignore=.venv"
