"""What is evaluated: a residential area (a village or residential group), a commune/ward, or
an organisation assessed as an agency/enterprise or a school. One place turns an area or an
organisation into a subject, or says in a field error why it cannot be one."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from antq.areas.choices import AreaLevel
from antq.evaluations.choices import ORGANISATION_KINDS, SubjectKind, UnitKind


@dataclass(frozen=True)
class Subject:
    kind: str
    area: object  # the subject's area; for an organisation, the organisation's own area
    organisation: object = None

    @property
    def name(self):
        return self.organisation.name if self.organisation is not None else self.area.name

    @property
    def is_organisation(self):
        return self.organisation is not None

    def lookup(self):
        """Filter arguments that find this subject's records of a year."""
        if self.organisation is not None:
            return {"organisation": self.organisation}
        return {"area": self.area, "organisation__isnull": True}


def subject_for(*, area=None, organisation=None) -> Subject:
    """The subject an area or an organisation is; a ValidationError on the field otherwise."""
    if organisation is not None:
        kind = ORGANISATION_KINDS.get(organisation.org_type)
        if kind is None:
            raise ValidationError(
                {
                    "organisation": _(
                        "Only agencies, enterprises, industrial parks and schools are assessed "
                        "against the standard."
                    )
                }
            )
        return Subject(kind, organisation.area, organisation)
    if area is None:
        raise ValidationError({"area": _("Choose a residential area, a commune or a ward.")})
    if area.level == AreaLevel.VILLAGE:
        return Subject(SubjectKind.RESIDENTIAL, area)
    if area.level == AreaLevel.COMMUNE:
        return Subject(SubjectKind.COMMUNE, area)
    raise ValidationError({"area": _("Choose a residential area, a commune or a ward.")})


def unit_kind_for(area) -> str:
    """The kind of unit whose movement is classified; a field error for other levels."""
    if area is not None and area.level == AreaLevel.VILLAGE:
        return UnitKind.RESIDENTIAL
    if area is not None and area.level == AreaLevel.COMMUNE:
        return UnitKind.COMMUNE
    raise ValidationError({"area": _("Choose a residential area, a commune or a ward.")})
