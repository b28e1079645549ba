"""The preview: a local server that rebuilds on every saved change and pushes it to the open page."""
