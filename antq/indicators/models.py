"""The indicator rollup's tables (see rollup/), which only the database writes."""

from django.db import models


class Cell(models.Model):
    """One indicator's month (grain 1) or year (grain 0) value for one area's whole subtree.
    Stocks are held as deltas (see rollup/); `parent` is the parent area's path, so that a
    breakdown by children is one equality lookup."""

    path = models.CharField(max_length=255)
    parent = models.CharField(max_length=255)
    key = models.CharField(max_length=80)
    grain = models.PositiveSmallIntegerField()
    bucket = models.IntegerField()
    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["path", "grain", "key", "bucket"], name="indicators_cell_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["parent", "grain", "key", "bucket"], name="indicators_cell_children"
            )
        ]

    def __str__(self):
        return f"{self.path} {self.key} {self.grain}:{self.bucket} = {self.value}"


class OwnCell(models.Model):
    """One indicator's month value for the records attached to one area itself (not below)."""

    path = models.CharField(max_length=255)
    key = models.CharField(max_length=80)
    bucket = models.IntegerField()
    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["path", "key", "bucket"], name="indicators_owncell_unique"
            )
        ]

    def __str__(self):
        return f"{self.path} {self.key} {self.bucket} = {self.value}"


class PendingDelta(models.Model):
    """One write's own-cell delta (an OwnCell's path, key, bucket), not yet folded into OwnCell
    and the ancestors' Cells (rollup/pending.py): writes append these and touch no shared row;
    reads add those under the area they read."""

    path = models.CharField(max_length=255)
    key = models.CharField(max_length=80)
    bucket = models.IntegerField()
    value = models.BigIntegerField()

    class Meta:
        indexes = [
            # a read asks for some keys under a path prefix (LIKE 'prefix%': pattern ops)
            models.Index(
                fields=["key", "path"],
                name="indicators_pending_key_path",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            )
        ]

    def __str__(self):
        return f"{self.path} {self.key} {self.bucket} += {self.value}"


class OwnCellShadow(models.Model):
    """OwnCell rows a rebuild computes from its snapshot, swapped in at its end (build.py)."""

    path = models.CharField(max_length=255)
    key = models.CharField(max_length=80)
    bucket = models.IntegerField()
    value = models.BigIntegerField()

    def __str__(self):
        return f"{self.path} {self.key} {self.bucket} = {self.value}"


class CellShadow(models.Model):
    """Cell rows a rebuild computes from its snapshot, swapped in at its end (build.py)."""

    path = models.CharField(max_length=255)
    parent = models.CharField(max_length=255)
    key = models.CharField(max_length=80)
    grain = models.PositiveSmallIntegerField()
    bucket = models.IntegerField()
    value = models.BigIntegerField()

    def __str__(self):
        return f"{self.path} {self.key} {self.grain}:{self.bucket} = {self.value}"


class RollupState(models.Model):
    """Which indicators the rollup holds, and for which declaration of each (its fingerprint):
    an indicator whose declaration changed is computed from the records until it is rebuilt.
    `rebuilding`: a rebuild is under way, and the fold leaves its pending deltas alone."""

    key = models.CharField(max_length=80, primary_key=True)
    fingerprint = models.CharField(max_length=64)
    built_at = models.DateTimeField(auto_now=True)
    rebuilding = models.BooleanField(default=False)

    def __str__(self):
        return self.key
