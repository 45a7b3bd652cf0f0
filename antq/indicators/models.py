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


class RollupState(models.Model):
    """Which indicators the rollup holds, and for which declaration of each (its fingerprint):
    an indicator whose declaration changed is computed from the records until it is rebuilt."""

    key = models.CharField(max_length=80, primary_key=True)
    fingerprint = models.CharField(max_length=64)
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key
