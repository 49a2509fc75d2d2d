"""Writing one planned row through the domain's own services, inside the importer's district.

Every write goes through the service a person would use: ``enterprise_create`` /
``enterprise_update``, ``inspection_create`` / ``inspection_update_particulars``,
``hazard_register``, ``hazard_update_particulars`` and ``hazard_record_imported_step`` (the
transition service). So the scope, the text rules, the signed-record rule, the version and the
history (actor, import job, file, row, old and new values) are the same as for live work, and
a change the loop forbids is refused row by row with its reason.

Scope: a row only ever matches records of the job's district. Source keys are the district's
own (``Records``); a credit code of another district's enterprise is refused as "not in your
district" (``NotInDistrict``: no name, no id); an enterprise is matched by name only within the
district; matched objects are checked once more against the district.

Dates (CST): a new hazard is registered, and its replayed order dated, at the inspection date;
a closure at the ledger's closure date when it has one (else when imported). A step is never
dated before the hazard's latest history row: when the ledger's date is earlier (a hazard
imported before ledger dates were kept), the step takes that row's time and the ledger's date
is kept in the step's source as ``ledger_date``.
"""
import hashlib
import json
from dataclasses import asdict

from django.utils.translation import gettext as _

from core.clock import start_of_day_cst
from enterprises.models import Enterprise
from enterprises.services import enterprise_create, enterprise_update
from hazards import services as hazard_services
from hazards.enums import HazardAction, HazardStatus
from hazards.models import Hazard, HazardTransition
from inspections.models import Inspection
from inspections.services import inspection_create, inspection_update_particulars

from ..layouts import RowPlan
from ..models import ImportedEnterprise, ImportedRecord, RecordKind
from ..presets import STATE_CLOSED, STATE_CLOSED_ON_SPOT
from .results import NotInDistrict, RowRejected, placeholder_credit_code, stored_key

# particulars a re-imported ledger row may correct (``hazard_update_particulars``)
HAZARD_PARTICULARS = ("grade", "category", "description", "location", "rectification_measures",
                      "responsible_person", "rectification_funds", "rectification_deadline")
INSPECTION_PARTICULARS = ("inspected_on", "notes", "reference_number")


class RowWriter:
    """The writing half of ``imports.services.engine.Engine`` (which sets ``job``, ``preset``,
    ``actor``, ``district_id``, ``sector_id``, ``sectors``, ``summary`` and the per-run caches
    ``enterprises``, ``inspections``, ``created_inspections``)."""

    # where a write comes from

    def source(self, number: int, plan: RowPlan, *, values=False) -> dict:
        """Where a step comes from: preset, file, row, job and the record's key columns;
        with ``values`` also the whole source row (for the registration only)."""
        data = {"preset": self.preset.code, "file": self.job.original_name, "row": number,
                "job": self.job.pk, **plan.source}
        if not values:
            data.pop("values", None)
        return data

    def reason(self, number: int) -> str:
        """The change reason of the field histories, e.g. ``导入任务 12 台账.xlsx 第 5 行``."""
        return _("导入任务 %(job)s %(file)s 第 %(row)s 行") % {
            "job": self.job.pk, "file": self.job.original_name, "row": number}

    # the source-key registry (bookkeeping of the imports app)

    def _record(self, records, kind, key, object_id, row_hash, data=None) -> ImportedRecord:
        record = ImportedRecord.objects.create(
            district_id=self.district_id, preset_code=self.preset.code, kind=kind,
            natural_key=stored_key(key), object_id=object_id, row_hash=row_hash,
            data=data or {}, first_job=self.job, last_job=self.job)
        records.put(kind, key, record)
        return record

    def _touch(self, record: ImportedRecord, **fields) -> None:
        ImportedRecord.objects.filter(pk=record.pk).update(last_job=self.job, **fields)
        for name, value in fields.items():
            setattr(record, name, value)

    # enterprises

    def enterprise(self, number: int, plan: RowPlan, records) -> Enterprise:
        """The row's enterprise: by the district's source key, by credit code, or by name
        within the district; created when there is none. NotInDistrict when the credit code
        (or an old record) names an enterprise of another district."""
        spec = plan.enterprise
        if spec.key in self.enterprises:
            return self.enterprises[spec.key]
        record = records.get(RecordKind.ENTERPRISE, spec.key)
        enterprise = None
        if record:
            enterprise = Enterprise.objects.filter(pk=record.object_id).first()
        if enterprise is None and spec.credit_code:
            # credit codes are unique across the city: the code may be another district's
            enterprise = Enterprise.objects.filter(credit_code=spec.credit_code).first()
        if enterprise is None and not spec.credit_code and spec.match_by_name:
            enterprise = Enterprise.objects.filter(name=spec.name,
                                                   district_id=self.district_id).first()
        if enterprise is not None and enterprise.district_id != self.district_id:
            raise NotInDistrict(field="credit_code" if spec.credit_code else None)
        if enterprise is None:
            enterprise = self._create_enterprise(number, spec)
            self.summary.objects["enterprises"] += 1
        if record is None:
            self._record(records, RecordKind.ENTERPRISE, spec.key, enterprise.pk,
                         hashlib.sha256(spec.key.encode()).hexdigest())
        elif record.object_id != enterprise.pk:
            self._touch(record, object_id=enterprise.pk)
        self.enterprises[spec.key] = enterprise
        return enterprise

    def _sector(self, code):
        if code not in self.sectors:
            raise RowRejected(_("行业领域“%(code)s”尚未加载到基础数据。") % {"code": code},
                              f"sector '{code}' is not loaded in the reference data",
                              field="sector")
        return self.sectors[code]

    def _create_enterprise(self, number: int, spec) -> Enterprise:
        details = dict(spec.details)
        sector = self._sector(details.pop("sector_id", None) or self.sector_id)
        placeholder = not spec.credit_code
        code, salt = spec.credit_code, 0
        while code is None or (placeholder and Enterprise.objects.filter(
                credit_code=code).exists()):
            code = placeholder_credit_code(spec.key, self.district_id, salt=salt)
            salt += 1
        enterprise = enterprise_create(
            actor=self.actor, reason=self.reason(number), credit_code=code,
            name=spec.name[:200], district=self.job.district, sector=sector,
            address=spec.address[:300], **details)
        ImportedEnterprise.objects.create(
            enterprise=enterprise, placeholder_credit_code=placeholder,
            source_key=f"{self.preset.code}:enterprise:{spec.key}"[:600], job=self.job)
        return enterprise

    def enterprise_row(self, number: int, plan: RowPlan, records) -> str:
        """A row of an enterprise list: create the enterprise, or update its descriptive
        fields (name, address, contacts, sector; never the credit code or district) through
        ``enterprise_update``."""
        spec, row_hash = plan.enterprise, plan.row_hash
        record = records.get(RecordKind.ENTERPRISE, spec.key)
        if record and record.row_hash == row_hash:
            return "unchanged"
        created_before = self.summary.objects["enterprises"]
        enterprise = self.enterprise(number, plan, records)
        outcome = "unchanged"
        if self.summary.objects["enterprises"] > created_before:
            outcome = "created"
        else:
            details = dict(spec.details)
            sector = details.pop("sector_id", None)
            wanted = {"name": spec.name[:200], "address": spec.address[:300],
                      **{k: v for k, v in details.items() if v}}
            if sector:
                wanted["sector"] = self._sector(sector)
            changes = {k: v for k, v in wanted.items() if getattr(enterprise, k) != v}
            if changes:
                enterprise = enterprise_update(actor=self.actor, enterprise=enterprise,
                                               reason=self.reason(number), **changes)
                self.enterprises[spec.key] = enterprise
                outcome = "updated"
        self._touch(records.get(RecordKind.ENTERPRISE, spec.key), row_hash=row_hash)
        return outcome

    # inspections

    def inspection(self, number, plan: RowPlan, enterprise, records) -> tuple[Inspection, str]:
        """The row's inspection and what happened to it: created / updated / unchanged."""
        spec = plan.inspection
        spec_hash = hashlib.sha256(json.dumps(asdict(spec), default=str,
                                              sort_keys=True).encode()).hexdigest()
        if spec.key in self.inspections:
            outcome = "created" if spec.key in self.created_inspections else "unchanged"
            return self.inspections[spec.key], outcome
        record = records.get(RecordKind.INSPECTION, spec.key)
        inspection = (Inspection.objects.filter(pk=record.object_id).first()
                      if record else None)
        if inspection is not None and inspection.district_id != self.district_id:
            raise NotInDistrict(enterprise=False)
        if inspection is not None and inspection.enterprise_id != enterprise.pk:
            raise RowRejected(_("该检查编号已用于本区县另一家企业的检查。"),
                              "this inspection number belongs to another enterprise's "
                              "inspection", field="inspection_ref")
        outcome = "unchanged"
        if inspection is None:
            inspection = inspection_create(
                actor=self.actor, enterprise=enterprise, kind=spec.kind,
                inspected_on=spec.inspected_on, reference_number=spec.reference_number,
                notes=spec.notes, reason=self.reason(number))
            self.summary.objects["inspections"] += 1
            self.created_inspections.add(spec.key)
            outcome = "created"
            if record is None:
                self._record(records, RecordKind.INSPECTION, spec.key, inspection.pk,
                             spec_hash, {"source": self.source(number, plan)})
            else:
                self._touch(record, object_id=inspection.pk, row_hash=spec_hash)
        elif record.row_hash != spec_hash:
            changes = {name: getattr(spec, name) for name in INSPECTION_PARTICULARS
                       if getattr(spec, name) != getattr(inspection, name)}
            if changes:
                inspection = inspection_update_particulars(
                    inspection=inspection, actor=self.actor, changes=changes,
                    reason=self.reason(number))
                outcome = "updated"
            self._touch(record, row_hash=spec_hash)
        self.inspections[spec.key] = inspection
        return inspection, outcome

    # hazards

    def apply(self, number: int, plan: RowPlan, records) -> str:
        """Write one planned row; the outcome is created / updated / unchanged."""
        if plan.inspection is None:
            return self.enterprise_row(number, plan, records)
        enterprise = self.enterprise(number, plan, records)
        inspection, inspection_outcome = self.inspection(number, plan, enterprise, records)
        if plan.hazard is None:
            return inspection_outcome
        spec = plan.hazard
        record = records.get(RecordKind.HAZARD, spec.key)
        row_hash = plan.row_hash
        if record and record.row_hash == row_hash:
            return "unchanged"
        source = self.source(number, plan)
        if record is None:
            found = start_of_day_cst(inspection.inspected_on)
            hazard = hazard_services.hazard_register(
                inspection=inspection, actor=self.actor, grade=spec.grade,
                category=spec.category, description=spec.description, location=spec.location,
                rectification_measures=spec.rectification_measures,
                responsible_person=spec.responsible_person,
                rectification_deadline=spec.rectification_deadline,
                rectification_funds=spec.rectification_funds,
                note=_("由台账导入"), registered_at=found,
                history_data={"imported": True, "source": self.source(number, plan,
                                                                      values=True)})
            hazard = self.advance(hazard, spec, source, inspection, latest=found)
            self._record(records, RecordKind.HAZARD, spec.key, hazard.pk, row_hash,
                         {"source": source})
            self.summary.objects["hazards"] += 1
            self.summary.hazard_states[hazard.status] += 1
            return "created"
        hazard = Hazard.objects.filter(pk=record.object_id).first()
        if hazard is None:
            raise RowRejected(_("此前导入的隐患已不存在。"),
                              "the hazard imported from this record no longer exists")
        if hazard.district_id != self.district_id:
            raise NotInDistrict(enterprise=False)
        updated = self.update(hazard, spec, source, inspection)
        self._touch(record, row_hash=row_hash, data={"source": source})
        if updated.version == hazard.version:
            return inspection_outcome  # "updated" when only the inspection was corrected
        self.summary.hazard_states[updated.status] += 1
        return "updated"

    def update(self, hazard: Hazard, spec, source, inspection) -> Hazard:
        """A changed row for an existing hazard: its particulars through
        ``hazard_update_particulars`` (which refuses a closed hazard, a signed record's
        finding, a running deadline and an unprepared rise to major), then its state."""
        if hazard.status == HazardStatus.CLOSED and spec.state not in (STATE_CLOSED,
                                                                      STATE_CLOSED_ON_SPOT):
            raise RowRejected(_("该隐患已销号，导入不能重新打开。"),
                              "the hazard is closed; an import cannot reopen it",
                              field="rectified")
        changes = {name: getattr(spec, name) for name in HAZARD_PARTICULARS}
        if (hazard.status == HazardStatus.REPORTED and spec.rectification_deadline
                and spec.state != STATE_CLOSED_ON_SPOT):
            del changes["rectification_deadline"]  # the replayed order sets it
        hazard = hazard_services.hazard_update_particulars(
            hazard=hazard, actor=self.actor, changes=changes, source=source)
        return self.advance(hazard, spec, source, inspection)

    def advance(self, hazard: Hazard, spec, source, inspection, *, latest=None) -> Hazard:
        """Replay the recorded state from where ``hazard`` is (forward only), dated as the
        module docstring says. ``latest``: the hazard's latest history time when known."""
        code = f"（{spec.state_code}）" if spec.state_code else ""
        found = start_of_day_cst(inspection.inspected_on)
        closed = start_of_day_cst(spec.closed_on) if spec.closed_on else None
        status, steps = hazard.status, []
        if spec.state == STATE_CLOSED_ON_SPOT:
            if status == HazardStatus.REPORTED:
                steps.append((HazardAction.CLOSED_ON_SPOT, None, closed or found,
                              _("来源记录：现场整改完毕%(code)s") % {"code": code}))
            elif status != HazardStatus.CLOSED:
                raise RowRejected(_("隐患已在整改流程中，不能改为现场整改销号。"),
                                  "the hazard is already in rectification; it cannot be "
                                  "closed on the spot", field="rectified")
        else:
            if status == HazardStatus.REPORTED and spec.rectification_deadline:
                steps.append((HazardAction.RECTIFICATION_ORDERED, spec.rectification_deadline,
                              found, _("来源记录：责令限期整改")))
                status = HazardStatus.RECTIFYING
            if spec.state == STATE_CLOSED:
                if status == HazardStatus.REPORTED:
                    raise RowRejected(_("已整改的隐患缺少整改期限。"),
                                      "a rectified hazard needs its deadline",
                                      field="rectification_deadline")
                if status == HazardStatus.RECTIFYING:
                    steps.append((HazardAction.EVIDENCE_SUBMITTED, None, closed,
                                  _("来源记录：已整改%(code)s") % {"code": code}))
                    status = HazardStatus.PENDING_VERIFICATION
                if status == HazardStatus.PENDING_VERIFICATION:
                    steps.append((HazardAction.VERIFICATION_PASSED, None, closed,
                                  _("来源记录：整改完成，销号%(code)s") % {"code": code}))
        if steps and latest is None:
            latest = (HazardTransition.objects.filter(hazard_id=hazard.pk).order_by("-at")
                      .values_list("at", flat=True).first())
        for action, deadline, wanted, note in steps:
            at, step_source = wanted, source
            if wanted is not None and latest is not None and wanted < latest:
                at = latest
                step_source = {**source, "ledger_date": wanted.date().isoformat()}
            hazard = hazard_services.hazard_record_imported_step(
                hazard=hazard, actor=self.actor, action=action, source=step_source, note=note,
                rectification_deadline=deadline, at=at)
            latest = at or latest
        return hazard
