"""The desktop shell (PySide6): the only package of jjdesk that imports Qt."""
