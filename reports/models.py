"""Reports own no tables: every figure is read from agreements, applications and transcripts.

Who may see them is the `applications.view_mobility_report` permission, held by the office's
staff and the registrar.
"""
