"""The in-app inbox and the header badge (issue 3 §7): a user sees and marks only their own
notifications; the badge costs one bounded query per page."""
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from notifications.models import Notification
from notifications.selectors import unread_count

pytestmark = pytest.mark.django_db


def notify(user, n=1, **kwargs):
    return Notification.objects.bulk_create(
        [Notification(recipient=user, subject=f"【整改逾期】隐患 #{i}", body="请尽快整改", **kwargs)
         for i in range(n)])


def render_badge(user):
    request = RequestFactory().get("/")
    request.user = user
    return Template('{% include "notifications/_nav_badge.html" %}').render(
        Context({"request": request, "user": user}))


def test_inbox_lists_only_the_users_own_notifications(client, district_official,
                                                       other_district_official):
    Notification.objects.create(recipient=district_official, subject="给我的")
    Notification.objects.create(recipient=other_district_official, subject="给别人的")
    client.force_login(district_official)

    page = client.get(reverse("notifications:inbox"))

    assert page.status_code == 200
    assert [n.subject for n in page.context["page"].object_list] == ["给我的"]


def test_inbox_requires_login(client):
    response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_mark_read_marks_one_and_someone_elses_is_404(client, district_official,
                                                      other_district_official):
    mine = Notification.objects.create(recipient=district_official, subject="给我的")
    theirs = Notification.objects.create(recipient=other_district_official, subject="给别人的")
    client.force_login(district_official)

    ok = client.post(reverse("notifications:mark_read", args=[mine.pk]))
    stranger = client.post(reverse("notifications:mark_read", args=[theirs.pk]))

    assert ok.status_code == 302 and stranger.status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_mark_read_and_open_goes_to_the_hazard(client, clock, enterprise, district_official):
    from hazards.enums import HazardStatus
    from tests import factories
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    note = Notification.objects.create(recipient=district_official, subject="逾期",
                                       hazard=hazard)
    client.force_login(district_official)

    response = client.post(reverse("notifications:mark_read", args=[note.pk]), {"open": "1"})

    assert response.status_code == 302
    assert response.url == reverse("hazards:detail", args=[hazard.pk])


def test_mark_read_refuses_get(client, district_official):
    note = Notification.objects.create(recipient=district_official, subject="x")
    client.force_login(district_official)

    assert client.get(reverse("notifications:mark_read", args=[note.pk])).status_code == 405


def test_mark_all_read_touches_only_the_users_notifications(client, district_official,
                                                            other_district_official):
    notify(district_official, 3)
    notify(other_district_official, 2)
    client.force_login(district_official)

    client.post(reverse("notifications:mark_all_read"))

    assert unread_count(district_official) == 0
    assert unread_count(other_district_official) == 2


def test_unread_filter_shows_only_unread(client, district_official):
    read, unread = notify(district_official, 2)
    Notification.objects.filter(pk=read.pk).update(read_at="2024-06-01T08:00:00+08:00")
    client.force_login(district_official)

    page = client.get(reverse("notifications:inbox"), {"unread": "1"})

    assert [n.pk for n in page.context["page"].object_list] == [unread.pk]


@pytest.mark.parametrize("rows", [1, 20])
def test_inbox_page_query_count_does_not_grow_with_rows(client, district_official,
                                                        django_assert_max_num_queries, rows):
    notify(district_official, rows)
    client.force_login(district_official)

    # session, user, count, page rows, badge
    with django_assert_max_num_queries(6):
        assert client.get(reverse("notifications:inbox")).status_code == 200


def test_badge_shows_unread_count_with_one_query(district_official,
                                                 django_assert_num_queries):
    notify(district_official, 3)

    with django_assert_num_queries(1):
        html = render_badge(district_official)

    assert 'data-unread="3"' in html
    assert reverse("notifications:inbox") in html


def test_badge_caps_the_count_at_99_plus(district_official):
    notify(district_official, 120)

    assert unread_count(district_official) == 100
    assert ">99+</span>" in render_badge(district_official)


def test_badge_without_unread_shows_no_number(district_official,
                                              django_assert_num_queries):
    with django_assert_num_queries(1):
        html = render_badge(district_official)

    assert "data-unread" not in html


def test_hazard_reminders_partial_lists_what_was_sent_with_one_query(
        clock, ladder_settings, enterprise, django_capture_on_commit_callbacks,
        django_assert_num_queries):
    import datetime

    from hazards.enums import HazardStatus
    from notifications.services import reminder_sweep
    from tests import factories

    from .conftest import cst
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                 deadline=datetime.date(2024, 5, 31))
    for day in (28, 31):
        clock.move_to(cst(datetime.date(2024, 5, day)))
        with django_capture_on_commit_callbacks(execute=True):
            reminder_sweep()
    clock.move_to(cst(datetime.date(2024, 6, 1)))
    with django_capture_on_commit_callbacks(execute=True):
        reminder_sweep()

    with django_assert_num_queries(1):
        html = Template("{% load notification_tags %}{% hazard_reminders hazard %}").render(
            Context({"hazard": hazard}))

    assert html.index("临期提醒") < html.index("逾期提醒")
