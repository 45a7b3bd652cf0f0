from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from antq.inbox import selectors


@login_required
def inbox_page(request):
    """What needs the user now, kind by kind, each item linking to where it is done."""
    return render(request, "inbox/inbox.html", {"sections": selectors.inbox(request.user)})


def inbox_badge(request):
    """The navigation's count, fetched by the page once it has loaded (htmx): every page shows
    it without paying for it in its own response. Nothing to swap in once signed out."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(request, "inbox/_badge.html", {"total": selectors.total(request.user)})
