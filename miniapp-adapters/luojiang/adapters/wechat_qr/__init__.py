"""WeChat mini-program codes (``wxacode.getUnlimited``) for guide points."""
