"""What the plans say: the child in need plan, the child protection plan's content, the care and
placement plans and the pathway plan, each version kept."""
