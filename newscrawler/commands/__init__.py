"""Custom scrapy commands: ``crawl`` (its exit status tells the verdict), ``crawlall``, ``health``, ...

``crawl`` overrides Scrapy's command of the same name (``COMMANDS_MODULE``).
"""
