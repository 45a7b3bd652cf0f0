from django import template

from antq.inbox import selectors

register = template.Library()


@register.simple_tag
def inbox_total(user):
    """How many things await `user`: the navigation's badge (counted once per request)."""
    return selectors.total(user) if user.is_authenticated else 0


@register.inclusion_tag("inbox/_summary.html")
def inbox_summary(user):
    """The inbox at the top of the home page."""
    return {"sections": selectors.inbox(user)}
