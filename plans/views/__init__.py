"""Plan, task and campaign pages, and the public listing of published results."""
