# Vietnamese reports group thousands with a dot and use a comma for decimals: 3.106; 87,7
THOUSAND_SEPARATOR = "."
DECIMAL_SEPARATOR = ","
NUMBER_GROUPING = 3
