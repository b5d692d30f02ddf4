"""Family Help (Families First, 2025): a family's episode of help led by a lead practitioner who need
not be a social worker, supervised by one; group notes written once for the whole family."""
