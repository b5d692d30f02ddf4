"""Meetings as held: who came from which agency, how the child and parents took part, each agency's
report, the decisions and minutes, whether a conference was quorate, and the chair's recommendations
tracked to done."""
