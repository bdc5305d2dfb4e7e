"""The hostile run of issue 30's bar: must-refuse files on every path, kills, a full disk, and a
password attack (`python -m bench.hostile --help`)."""
