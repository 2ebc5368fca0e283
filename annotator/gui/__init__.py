"""The Qt interface: thin views over annotator.session. The only package importing PySide6."""
