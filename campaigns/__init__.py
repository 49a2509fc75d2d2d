"""专项行动 (campaigns): a campaign's name, sectors, period and phases (先礼后兵).

Layer: between ``enterprises`` and ``inspections``. Inspections and hazards carry the campaign
they belong to (a foreign key from the higher floors down to this one), so this app may import
only ``enterprises``, ``accounts`` and ``core``. What needs inspections or hazards to answer
(self-inspection coverage, figures by phase and source, reminders to enterprises that have not
filed) lives in ``plans``, above ``hazards``.
"""
