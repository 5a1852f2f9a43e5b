"""Existing Jekyll, Hugo and Zola sites: which one a folder is, and what its config says."""
