"""The report's PDFs, one module per document, each `render(report) -> bytes` in the current
language, set in the shipped fonts by `core.pdf.render_pdf`."""
