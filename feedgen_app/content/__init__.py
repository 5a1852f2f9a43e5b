"""Article content made safe for feeds: the HTML sanitizer, `srcset` parsing, XML characters."""
