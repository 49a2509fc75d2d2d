"""The ground floor's tables: the append-only guard every audit table uses, and the seal
chain (``core.seals``) that makes signed records and issued documents tamper-evident."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import AppendOnlyError


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk changes in Python, so SQLite (which has no trigger) behaves like
    PostgreSQL, where a trigger refuses them as well (``core.migration_operations``)."""

    def update(self, **kwargs):
        raise AppendOnlyError("history rows are append-only")

    def delete(self):
        raise AppendOnlyError("history rows are append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("history rows are append-only")


class AppendOnlyModel(models.Model):
    """A row that is written once and never changed or deleted (history, audit, seals).

    The model and its default manager refuse it in Python; on PostgreSQL a trigger refuses
    UPDATE, DELETE and TRUNCATE of the table whatever the client (``AppendOnlyTrigger`` in
    the table's migration).
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("history rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("history rows are append-only")


class Seal(AppendOnlyModel):
    """电子签章: one link of a district's seal chain, sealing one signed record or issued
    document (``core.seals``; docs/seals.md).

    - ``district_code``: the chain (a 6-digit GB/T 2260 district code, kept as plain text so
      the chain never depends on a higher layer's table);
    - ``sequence``: 1, 2, 3 … without gaps within the chain;
    - ``kind`` / ``object_id``: what is sealed (kinds are registered by the apps that own the
      objects, ``core.seals.registry``);
    - ``content``: the canonical JSON of everything printed on the object, as sealed;
      ``content_hash`` its SHA-256 (hex);
    - ``previous_hash``: the ``seal_hash`` of the chain's previous seal (64 zeros for the first);
    - ``seal_hash``: SHA-256 (hex) of ``core.seals.sealing.seal_message`` (district, sequence,
      kind, object id, sealed_at, key id, content hash, previous hash);
    - ``signature``: Ed25519 signature (base64) of the 32 bytes of ``seal_hash`` with the key
      ``key_id``, whose public half is published at /seals/keys/.
    """

    district_code = models.CharField(_("区县代码"), max_length=12)
    sequence = models.PositiveBigIntegerField(_("序号"))
    kind = models.CharField(_("签章对象类型"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    content = models.TextField(_("签章内容（规范JSON）"))
    content_hash = models.CharField(_("内容哈希(SHA-256)"), max_length=64)
    previous_hash = models.CharField(_("前一签章哈希"), max_length=64)
    seal_hash = models.CharField(_("签章哈希"), max_length=64, unique=True)
    signature = models.CharField(_("签名(Ed25519, base64)"), max_length=100)
    key_id = models.CharField(_("密钥编号"), max_length=64)
    sealed_at = models.DateTimeField(_("签章时间"))

    class Meta:
        ordering = ["district_code", "sequence"]
        verbose_name = _("电子签章")
        verbose_name_plural = _("电子签章")
        constraints = [
            # the chain's order; also the index verify_seals walks and the page's neighbours
            models.UniqueConstraint(fields=["district_code", "sequence"],
                                    name="seal_chain_sequence_unique"),
            # one seal per object; also the index that finds an object's seal
            models.UniqueConstraint(fields=["kind", "object_id"], name="seal_once_per_object"),
        ]

    def __str__(self):
        return f"{self.district_code}#{self.sequence} {self.kind}:{self.object_id}"


class SealChainHead(models.Model):
    """The head of one district's seal chain: its last sequence and seal hash.

    Appending locks this row (``select_for_update``) in the transaction that signs or issues,
    so a district's seals are appended one at a time and the sequence has no gaps. The head is
    a convenience and a tail check, not the proof: ``chain_verify`` walks the seals themselves.
    """

    district_code = models.CharField(_("区县代码"), max_length=12, primary_key=True)
    sequence = models.PositiveBigIntegerField(_("最后序号"), default=0)
    seal_hash = models.CharField(_("最后签章哈希"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("签章链头")
        verbose_name_plural = _("签章链头")

    def __str__(self):
        return f"{self.district_code}: {self.sequence}"
