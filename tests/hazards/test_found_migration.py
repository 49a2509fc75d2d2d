"""Migration 0013 fills Hazard.registered_at from the registration history row and
Hazard.inspection_kind from the inspection, for hazards that existed before it."""
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("hazards", "0012_hazard_campaign")]
AFTER = [("hazards", "0013_hazard_registered_at_inspection_kind")]


@pytest.mark.django_db(transaction=True)
def test_existing_hazards_get_their_registration_time_and_inspection_kind():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    # the apps below hazards stay at their latest migration (their tables are as they are
    # now): build their models from there, only hazards from BEFORE
    below = [node for node in executor.loader.graph.leaf_nodes()
             if node[0] in ("core", "accounts", "enterprises", "campaigns", "inspections")]
    old = executor.loader.project_state(BEFORE + below).apps
    District, Sector = old.get_model("enterprises", "District"), old.get_model("enterprises",
                                                                               "Sector")
    Enterprise, User = old.get_model("enterprises", "Enterprise"), old.get_model("accounts",
                                                                                 "User")
    Inspection = old.get_model("inspections", "Inspection")
    Hazard, Transition = old.get_model("hazards", "Hazard"), old.get_model("hazards",
                                                                           "HazardTransition")
    district = District.objects.create(code="500102", name="涪陵区")
    enterprise = Enterprise.objects.create(
        credit_code="91500102000000001X", name="迁移测试企业", district=district,
        sector=Sector.objects.create(code="gas", name="燃气"))
    user = User.objects.create(username="migrator")
    inspection = Inspection.objects.create(kind="covert", enterprise=enterprise,
                                           district=district, inspected_on="2023-05-01",
                                           created_by=user)
    hazard = Hazard.objects.create(inspection=inspection, enterprise=enterprise,
                                   district=district, category="equipment_defect",
                                   description="旧隐患", reported_by=user)
    found = datetime.datetime(2023, 5, 1, 1, 30, tzinfo=datetime.UTC)
    Transition.objects.create(hazard=hazard, action="registered", to_status="reported",
                              actor=user, at=found)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    migrated = new.get_model("hazards", "Hazard").objects.get(pk=hazard.pk)

    assert migrated.registered_at == found
    assert migrated.inspection_kind == "covert"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
