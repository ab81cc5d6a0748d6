"""Alipay mini-program QR codes (``alipay.open.app.qrcode.create``) for guide points."""
