"""Scrapy extensions of newscrawler (the ``EXTENSIONS`` setting): the run's verdict."""
