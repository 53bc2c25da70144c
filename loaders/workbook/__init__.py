"""Excel workbooks (``.xlsx``): read one as a bundle, write a copy marking its problems, write an
empty template to fill. Pure: files in, files out, no backend.

A workbook holds one sheet per table, named as the table (docs/format.md, "Excel workbooks").
"""
