"""The checks over what was rendered (links, anchors, translation parity, text still to write), and the
reports built on them: translation status, changed sources, published addresses, external sources."""
