"""Nothing to administer: reports are computed from the other apps' records on every request."""
