"""The records the stages share: pages and the site, and what a rendered page holds (its links and ids,
its source marks). Plain data; it imports no stage."""
