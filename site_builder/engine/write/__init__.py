"""The last stage: the output folder replaced whole, and only when everything succeeded."""
