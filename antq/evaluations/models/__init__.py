"""The annual evaluations: the "safe for security and order" standard (tiêu chuẩn "An toàn về
an ninh, trật tự", Circular 124/2021/TT-BCA) with its criteria sets, registrations,
assessments and recognitions; the classification of the movement (xếp loại phong trào) by a
points scheme, with improvement plans for weak units; and the new-rural-programme criterion on
national defence and security (tiêu chí quốc phòng và an ninh) for communes. One module per
scheme; Django finds the models through this package.

Criteria, schemes and the rural sub-criteria are data. Results hang off the subject's area (an
organisation's own area for agencies and schools) and carry a date that places them in time
(the end of their evaluation window), so that the indicators count them by period.
"""

from antq.evaluations.models.base import Versioned, applies_under_q, in_force_q
from antq.evaluations.models.classification import (
    Classification,
    ClassificationScheme,
    ClassificationScore,
    ImprovementPlan,
    SchemeCriterion,
)
from antq.evaluations.models.rural import (
    RuralAnswer,
    RuralAssessment,
    RuralCriterionSet,
    RuralSubCriterion,
)
from antq.evaluations.models.standard import (
    Answer,
    AnswerAttachment,
    Assessment,
    CriteriaSet,
    Criterion,
    RecognitionDecision,
    Registration,
)

__all__ = [
    "Answer",
    "AnswerAttachment",
    "Assessment",
    "Classification",
    "ClassificationScheme",
    "ClassificationScore",
    "CriteriaSet",
    "Criterion",
    "ImprovementPlan",
    "RecognitionDecision",
    "Registration",
    "RuralAnswer",
    "RuralAssessment",
    "RuralCriterionSet",
    "RuralSubCriterion",
    "SchemeCriterion",
    "Versioned",
    "applies_under_q",
    "in_force_q",
]
