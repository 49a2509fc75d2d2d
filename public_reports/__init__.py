"""举报 (public reports, hotline 12350): the public's reports, their triage, verification and
answer, and rewards (举报奖励) to named reporters.

Layer: above ``hazards`` and ``notifications`` (beside ``plans``). A report is verified by an
inspection of kind 举报核查 filed through ``hazards.filing.services.inspection_file``, and its
reminders go to the in-app inbox (``notifications.models.Notification``), so this app imports
``hazards``, ``inspections`` and ``notifications``; nothing below imports it. The hazard side
shows a hazard's source report through the reverse relation ``inspection.public_report``
(templates only), never by importing this app.
"""
