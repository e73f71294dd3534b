"""factcheck: a claim-and-number fact-checker for newsrooms.

Data flows one way: load -> segment -> extract -> attribute -> rules -> report.
"""

__version__ = "0.1.0"
