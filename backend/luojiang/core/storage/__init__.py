"""Files (audio, images, QR codes, materials): one interface, a local folder by default and an
S3-compatible object store in production (DESIGN 3.2)."""
