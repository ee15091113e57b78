"""Bærekrafthjelperen: sustainability worksheets for plans and cases, and the virkemiddeloversikt."""
