"""双随机一公开 random inspection plans, inspection tasks (random and targeted), and the
follow-up of campaigns (self-inspection coverage, reminders, figures by phase and source).

Layer: above ``hazards`` and ``notifications`` (beside ``public_reports``). A task is
completed by filing its inspection through ``hazards.filing.services.inspection_file``; the
plan's pools read enterprises, inspections and users; reminders go to the in-app inbox
(``notifications.models.Notification``); campaign coverage counts self-inspections, which
``campaigns`` (below ``inspections``) cannot import.
"""
