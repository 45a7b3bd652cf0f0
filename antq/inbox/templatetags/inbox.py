from django import template

from antq.inbox import selectors

register = template.Library()


@register.inclusion_tag("inbox/_summary.html")
def inbox_summary(user):
    """The inbox at the top of the home page."""
    return {"sections": selectors.inbox(user)}
