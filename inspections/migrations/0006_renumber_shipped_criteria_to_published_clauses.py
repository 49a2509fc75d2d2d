"""Renumber the shipped determination-standard criteria to their published clause numbers.

Until now the loader numbered criteria ``<group>.<sequence>`` (our own numbering, see the old
``inspections/reference.py``). Databases loaded that way may already cite those criteria, and a
cited criterion is never edited through the model (``StandardInUse``); a migration is the one
place where such a correction may be written. The mapping below was computed from the old file
``data/reference/cn_major_hazard_items_2017_2020.csv`` (its ``seq`` column, numbered as the old
loader did) and the published numbering in ``data/reference/standards/*.csv``, matching each
row through the seq ranges of ``data/reference/standards/SOURCES.md``; every pair was checked to
carry the same text. It is frozen here so that later edits of the data files cannot change what
this migration does.

Also: the non-coal standard's code becomes ``metal-nonmetal-mine-2017`` (the file's code), and
the special-area groups of the 2017 工贸 standard get their activity. The coal-mine criteria
(no published numbering available) are left as they are.
"""
from django.db import migrations

# standard code → {old number: (published number, sort order)}
RENUMBER = {
    'hazardous-chemicals-2017': {
        '1.1': ('一、', 1), '1.2': ('二、', 2), '1.3': ('三、', 3), '1.4': ('四、', 4), '1.5': ('五、', 5),
        '1.6': ('六、', 6), '1.7': ('七、', 7), '1.8': ('八、', 8), '1.9': ('九、', 9), '1.10': ('十、', 10),
        '1.11': ('十一、', 11), '1.12': ('十二、', 12), '1.13': ('十三、', 13), '1.14': ('十四、', 14),
        '1.15': ('十五、', 15), '1.16': ('十六、', 16), '1.17': ('十七、', 17), '1.18': ('十八、', 18),
        '1.19': ('十九、', 19), '1.20': ('二十、', 20),
    },
    'fireworks-2017': {
        '1.1': ('一、', 1), '1.2': ('二、', 2), '1.3': ('三、', 3), '1.4': ('四、', 4), '1.5': ('五、', 5),
        '1.6': ('六、', 6), '1.7': ('七、', 7), '1.8': ('八、', 8), '1.9': ('九、', 9), '1.10': ('十、', 10),
        '1.11': ('十一、', 11), '1.12': ('十二、', 12), '1.13': ('十三、', 13), '1.14': ('十四、', 14),
        '1.15': ('十五、', 15), '1.16': ('十六、', 16), '1.17': ('十七、', 17), '1.18': ('十八、', 18),
        '1.19': ('十九、', 19), '1.20': ('二十、', 20),
    },
    'non-coal-mine-2017': {
        '1.1': ('一、（一）', 1), '1.2': ('一、（二）', 2), '1.3': ('一、（三）', 3), '1.4': ('一、（四）', 4),
        '1.5': ('一、（五）', 5), '1.6': ('一、（六）', 6), '1.7': ('一、（七）', 7), '1.8': ('一、（八）', 8),
        '1.9': ('一、（九）', 9), '1.10': ('一、（十）', 10), '1.11': ('一、（十一）', 11), '1.12': ('一、（十二）', 12),
        '1.13': ('一、（十三）', 13), '1.14': ('一、（十四）', 14), '1.15': ('一、（十五）', 15),
        '1.16': ('一、（十六）', 16), '1.17': ('一、（十七）', 17), '1.18': ('一、（十八）', 18),
        '1.19': ('一、（十九）', 19), '1.20': ('一、（二十）', 20), '1.21': ('一、（二十一）', 21),
        '1.22': ('一、（二十二）', 22), '1.23': ('一、（二十三）', 23), '1.24': ('一、（二十四）', 24),
        '2.1': ('二、（一）', 25), '2.2': ('二、（二）', 26), '2.3': ('二、（三）', 27), '2.4': ('二、（四）', 28),
        '2.5': ('二、（五）', 29), '2.6': ('二、（六）', 30), '2.7': ('二、（七）', 31), '2.8': ('二、（八）', 32),
        '2.9': ('二、（九）', 33), '2.10': ('二、（十）', 34), '2.11': ('二、（十一）', 35),
        '2.12': ('二、（十二）', 36), '3.1': ('三、（一）', 37), '3.2': ('三、（二）', 38), '3.3': ('三、（三）', 39),
        '3.4': ('三、（四）', 40), '3.5': ('三、（五）', 41), '3.6': ('三、（六）', 42), '3.7': ('三、（七）', 43),
        '3.8': ('三、（八）', 44), '3.9': ('三、（九）', 45), '3.10': ('三、（十）', 46), '3.11': ('三、（十一）', 47),
        '3.12': ('三、（十二）', 48),
    },
    'industry-trade-2017': {
        '3.1': ('一、（一）1.', 1), '3.2': ('一、（一）2.', 2), '3.3': ('一、（一）3.', 3), '3.4': ('一、（一）4.', 4),
        '3.5': ('一、（一）5.', 5), '3.6': ('一、（一）6.', 6), '3.7': ('一、（一）7.', 7), '3.8': ('一、（一）8.', 8),
        '3.9': ('一、（一）9.', 9), '3.10': ('一、（一）10.', 10), '4.1': ('一、（二）1.', 11),
        '4.2': ('一、（二）2.', 12), '5.1': ('一、（三）1.', 13), '5.2': ('一、（三）2.', 14),
        '1.1': ('二、（一）1.', 15), '1.2': ('二、（一）2.', 16), '1.3': ('二、（一）3.', 17),
        '1.4': ('二、（一）4.', 18), '1.5': ('二、（一）5.', 19), '1.6': ('二、（一）6.', 20),
        '1.7': ('二、（一）7.', 21), '1.8': ('二、（一）8.', 22), '1.9': ('二、（一）9.', 23),
        '1.10': ('二、（一）10.', 24), '1.11': ('二、（一）11.', 25), '2.1': ('二、（二）1.', 26),
        '2.2': ('二、（二）2.', 27), '2.3': ('二、（二）3.', 28), '2.4': ('二、（二）4.', 29),
        '2.5': ('二、（二）5.', 30), '2.6': ('二、（二）6.', 31), '2.7': ('二、（二）7.', 32),
        '2.8': ('二、（二）8.', 33), '2.9': ('二、（二）9.', 34), '2.10': ('二、（二）10.', 35),
        '6.1': ('二、（三）1.', 36), '6.2': ('二、（三）2.', 37), '6.3': ('二、（三）3.', 38),
        '6.4': ('二、（三）4.', 39), '6.5': ('二、（三）5.', 40), '6.6': ('二、（三）6.', 41),
        '7.1': ('二、（四）1.', 42), '7.2': ('二、（四）2.', 43), '7.3': ('二、（四）3.', 44),
        '7.4': ('二、（四）4.', 45), '7.5': ('二、（四）5.', 46), '7.6': ('二、（四）6.', 47),
        '7.7': ('二、（四）7.', 48), '8.1': ('二、（五）1.', 49), '8.2': ('二、（五）2.', 50),
        '8.3': ('二、（五）3.', 51), '8.4': ('二、（五）4.', 52), '8.5': ('二、（五）5.', 53),
        '8.6': ('二、（五）6.', 54), '9.1': ('二、（六）1.', 55), '9.2': ('二、（六）2.', 56),
        '10.1': ('二、（七）1.', 57), '10.2': ('二、（七）2.', 58), '11.1': ('二、（八）1.', 59),
    },
}
OLD_CODES = {"non-coal-mine-2017": "metal-nonmetal-mine-2017"}
# 工贸行业重大生产安全事故隐患判定标准（2017版）一、（一）–（三）: the special areas (专项类)
ACTIVITY_PREFIXES = {
    "一、（一）": "has_dust_explosion_risk",
    "一、（二）": "uses_ammonia_refrigeration",
    "一、（三）": "has_confined_space_work",
}


def renumber(apps, schema_editor):
    HazardStandard = apps.get_model("inspections", "HazardStandard")
    HazardCriterion = apps.get_model("inspections", "HazardCriterion")
    for old_code, new_code in OLD_CODES.items():
        if not HazardStandard.objects.filter(code=new_code).exists():
            HazardStandard.objects.filter(code=old_code).update(code=new_code)
    for code, mapping in RENUMBER.items():
        code = OLD_CODES.get(code, code)
        for criterion in HazardCriterion.objects.filter(standard__code=code):
            if criterion.number not in mapping:
                continue  # a clause added by hand keeps its number
            criterion.number, criterion.sort_order = mapping[criterion.number]
            if code == "industry-trade-2017":
                for prefix, activity in ACTIVITY_PREFIXES.items():
                    if criterion.number.startswith(prefix):
                        criterion.activity = activity
            criterion.save(update_fields=["number", "sort_order", "activity"])


def restore(apps, schema_editor):
    HazardStandard = apps.get_model("inspections", "HazardStandard")
    HazardCriterion = apps.get_model("inspections", "HazardCriterion")
    for code, mapping in RENUMBER.items():
        back = {new: (old, order) for old, (new, order) in mapping.items()}
        for criterion in HazardCriterion.objects.filter(standard__code=OLD_CODES.get(code, code)):
            if criterion.number in back:
                criterion.number = back[criterion.number][0]
                criterion.activity = ""
                criterion.save(update_fields=["number", "activity"])
    for old_code, new_code in OLD_CODES.items():
        HazardStandard.objects.filter(code=new_code).update(code=old_code)


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0005_standard_editions_and_criterion_activity"),
    ]

    operations = [
        migrations.RunPython(renumber, restore),
    ]
