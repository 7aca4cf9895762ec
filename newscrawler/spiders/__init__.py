"""Site spiders: one small declarative module per news site."""
