"""The synthetic demo data the project generates itself (never copied from real publishers): EDCA-MX
release packages and EDCAPI project packages, written as files and loaded like real data.

    from demo.generate import generate
"""
