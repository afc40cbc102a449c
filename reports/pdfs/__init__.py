"""The report's PDFs, one module per document, each `render(report) -> bytes` in the current
language, set in the shipped fonts by `mobility_office.pdf.render_pdf`."""
