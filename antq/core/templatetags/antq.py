from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` — a dict value by a key that is a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def person(user):
    """`user|person` — who acted, as people are named in the movement's papers: rank, full name,
    position (User.person_label); "" for no one, so that `|default:` can say "system"."""
    return user.person_label if user is not None else ""
