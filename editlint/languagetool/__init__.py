"""LanguageTool: a local server from Maven Central, and grammar alerts from it."""
