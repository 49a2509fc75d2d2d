"""Life-cycle actions of the hazard API (one @action per transition). Owned by the
rectification-loop work; the hazard viewset inherits this mixin."""


class HazardActionsMixin:
    pass
