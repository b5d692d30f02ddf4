"""DfE's file formats in one place: the safe XML parser, collection years, and reading SSDA903 and CIN
census files. The returns write them and the imports read them through here; nothing else parses a
DfE return file."""
