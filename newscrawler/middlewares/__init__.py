"""Downloader middlewares of newscrawler."""
