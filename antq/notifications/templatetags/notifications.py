from django import template

from antq.notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/_team_alerts.html")
def team_alerts(team):
    """The alerts a team's members were sent, for the team's page."""
    return {"alerts": list(selectors.team_alerts(team)[:20])}
