"""Sign-in pages and the landing redirect. Login/logout are Django's own auth views."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


@login_required
def home(request):
    """Send each user to the page of their daily work: an enterprise officer to its own
    hazards, everyone else to the district register (scoped by ``hazards_for_list``)."""
    if request.user.is_enterprise_officer:
        return redirect("hazards:my_hazards")
    return redirect("hazards:register")
