"""Classroom kit: progress records, student edition, slides, lab-server checks and the offline bundle.

See docs/teaching.md. Each concern is one small module; the `course` command calls them.
"""
