"""The kinds of file the office stores and serves, by the kind `core.uploads` recognises."""

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

CONTENT_TYPES = {"pdf": PDF, "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}


def content_type(kind: str) -> str | None:
    """The MIME type of a stored kind; None for an unknown one, so the server guesses."""
    return CONTENT_TYPES.get(kind)


def extension(kind: str) -> str:
    """The file-name extension of a stored kind; "bin" for an unknown one."""
    return EXTENSIONS.get(kind, "bin")
