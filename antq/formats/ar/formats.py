# Arabic text here uses Western digits, grouped in thousands (Django's own Arabic formats do
# not group at all).
THOUSAND_SEPARATOR = "٬"
DECIMAL_SEPARATOR = "٫"
NUMBER_GROUPING = 3
