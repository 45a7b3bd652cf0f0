from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from antq.inbox import selectors


@login_required
def inbox_page(request):
    """What needs the user now, kind by kind, each item linking to where it is done."""
    return render(request, "inbox/inbox.html", {"sections": selectors.inbox(request.user)})
