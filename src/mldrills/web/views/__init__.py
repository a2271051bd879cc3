"""One module per page type; each serves its HTML page and the same data as JSON."""
