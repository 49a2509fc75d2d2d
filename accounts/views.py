"""Sign-in pages and the landing redirect. Login/logout are Django's own auth views."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


@login_required
def home(request):
    """Send each user to the page of their daily work: an enterprise officer to its own
    hazards, a city official to the city dashboard, district officials and inspectors to
    their district's dashboard, anyone else (no role) to the register, which shows them
    nothing. Pages are named by URL, so this low layer imports nothing from above."""
    user = request.user
    if user.is_enterprise_officer:
        return redirect("hazards:my_hazards")
    if user.is_city_official:
        return redirect("oversight:city_dashboard")
    if user.district_id and (user.is_district_official or user.is_inspector):
        return redirect("oversight:district_dashboard")
    return redirect("hazards:register")
