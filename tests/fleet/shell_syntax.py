#!/usr/bin/env python3
"""Every shell command in the playbooks parses (bash -n), its Jinja
expressions replaced by a word: a YAML folded block ('>-') keeps the line
breaks of more-indented lines, so a command that reads as one line can reach
the shell cut in two. ansible-lint and --syntax-check do not look inside.

usage: tests/fleet/shell_syntax.py FILE.yml...   (one line per bad command; exit 1)
"""
import re
import subprocess
import sys

import yaml

SHELL = ("ansible.builtin.shell", "shell")


def commands(node):
    """(task name, command) of every shell task under node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SHELL:
                cmd = value.get("cmd") if isinstance(value, dict) else value
                if isinstance(cmd, str):
                    yield node.get("name", "?"), cmd
            yield from commands(value)
    elif isinstance(node, list):
        for item in node:
            yield from commands(item)


def main():
    bad = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for name, cmd in commands(doc):
            text = re.sub(r"\{\{.*?\}\}", "X", cmd, flags=re.S)
            text = re.sub(r"\{%.*?%\}", "", text, flags=re.S)
            r = subprocess.run(["bash", "-n"], input=text, text=True, capture_output=True, check=False)
            if r.returncode:
                bad += 1
                first = r.stderr.strip().splitlines()[0]
                print(f"{path}: task '{name}': {first}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
