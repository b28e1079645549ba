"""The first stage: site.yaml read into a typed config, and the list of files that are the site's sources."""
