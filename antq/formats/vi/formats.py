# Separators and date patterns from CLDR (antq/formats/__init__.py says why and how).
from antq.formats import django_formats

globals().update(django_formats("vi"))
