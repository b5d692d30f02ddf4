"""Pre-proceedings under the Public Law Outline, care proceedings and the orders courts make."""
