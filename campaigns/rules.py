"""Who may do what with a campaign: plain predicates of (user, object), used by the button,
the page (403 when not allowed), the service and the API alike."""


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_view_campaign(user, campaign) -> bool:
    """City officials see every campaign; district staff see city-wide campaigns and their own
    district's; enterprise officers see the campaigns their enterprise falls under."""
    if not _active(user):
        return False
    if user.is_city_official:
        return True
    if user.district_id:
        return campaign.district_id in (None, user.district_id)
    return False


def may_create_campaign(user, district_id: str | None) -> bool:
    """A city official creates city-wide campaigns (or any district's); a district official
    creates campaigns of their own district only."""
    if not _active(user):
        return False
    if user.is_city_official:
        return True
    return bool(user.is_district_official and district_id and user.district_id == district_id)


def may_manage_campaign(user, campaign) -> bool:
    """Edit the campaign or send its reminders: its creator's level (city official for a
    city-wide one, the district's officials for a district one)."""
    return may_create_campaign(user, campaign.district_id)


def may_follow_campaign(user, campaign) -> bool:
    """See a campaign's coverage and send reminders to a district's enterprises: a city
    official, or a district official (for their own district's part of it)."""
    if not may_view_campaign(user, campaign):
        return False
    return bool(user.is_city_official or user.is_district_official)
