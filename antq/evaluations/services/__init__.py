"""The writes of the evaluations, one module per scheme: `standard` (criteria, registrations,
assessments and their recognition), `classification` (classifications and improvement plans)
and `rural` (the new-rural criterion). Their reads are in antq.evaluations.selectors."""
