# The applications workflow comes with its own issue; the app exists so the layout is stable.
