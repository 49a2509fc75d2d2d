"""Report pages: the public's (no login) and the handlers' (``staff``)."""
