"""Tourism guides (DESIGN 2.7): scenic areas, guide points scanned by code, routes, the resources
ledger, scan statistics and the QR codes printed at each point."""
