from django.utils.functional import SimpleLazyObject

from antq.notifications import selectors


def unread(request):
    """`unread_notifications`: the signed-in user's unread count, asked only when a template
    shows it (one COUNT on the recipient/read index)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user))}
