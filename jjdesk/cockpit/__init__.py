"""The merchant's questions, answered from the integration definitions and the store.

Qt-free, so the GUI (in its worker), the command line and tests all ask the same:
is everything all right (`overview`), what must I fix (`causes`), why is this product
(not) in my shop (`products`), where is this order (`orders`), what would the first run
do (`preview`), and what does support need (`diagnostics`).
"""
