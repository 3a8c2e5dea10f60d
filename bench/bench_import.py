"""Benchmark: import 50,000 people (and their units) into a fresh SQLite database.

    .venv/bin/python bench/bench_import.py [--people 50000] [--keep]

Generates a units file and a people file (semicolons, Danish headers, leaders listed
after the people they lead), migrates a temporary SQLite database and times
``samtale import units`` and ``samtale import people`` as separate processes, the way
an administrator runs them. Then imports the same people file again (nothing changes)
and once more with every tenth person changed. Exits non-zero when the first people
import takes longer than the goal (60 s).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMTALE = ROOT / ".venv" / "bin" / "samtale"
GOAL_SECONDS = 60.0

FIRST = ["Anne", "Mette", "Søren", "Jørgen", "Helle", "Mads", "Lise", "Per", "Fatima", "Ali"]
LAST = ["Jensen", "Nielsen", "Hansen", "Østergaard", "Kjær", "Bæk", "Holm", "Dahl", "Lund"]
GROUPS = ["Pædagog", "Lærer", "Social- og sundhedsassistent", "Sygeplejerske", "Administration"]


def write_files(folder: Path, people: int, seed: int = 1) -> tuple[Path, Path]:
    """A tree of units (1 top, 10 areas, 10 departments each, 10 institutions each) and
    ``people`` people: a leader per unit, everyone else led by their unit's leader."""
    rnd = random.Random(seed)
    units: list[tuple[str, str, str]] = [("K", "Benchmark Kommune", "")]
    for a in range(10):
        units.append((f"A{a}", f"Område {a}", "K"))
        for d in range(10):
            units.append((f"A{a}D{d}", f"Afdeling {a}.{d}", f"A{a}"))
            for i in range(10):
                units.append((f"A{a}D{d}I{i}", f"Institution {a}.{d}.{i}", f"A{a}D{d}"))
    units_file = folder / "units.csv"
    with units_file.open("w", encoding="utf-8") as out:
        out.write("kode;navn;overordnet\n")
        for code, name, parent in units:
            out.write(f"{code};{name};{parent}\n")

    leader_of: dict[str, str] = {}
    rows: list[str] = []
    number = 100000
    # Leaders: one per unit, led by the leader of the parent unit.
    for code, _name, _parent in units:
        number += 1
        leader_of[code] = str(number)
    for code, _name, parent in units:
        rows.append(_person(rnd, leader_of[code], code, leader_of.get(parent, ""), "Leder"))
    staff_units = [code for code, _n, _p in units if code.count("I") == 1]
    while len(rows) < people:
        number += 1
        code = staff_units[len(rows) % len(staff_units)]
        rows.append(_person(rnd, str(number), code, leader_of[code], rnd.choice(GROUPS)))
    rows = rows[:people]
    rows.reverse()  # leaders after the people they lead
    people_file = folder / "people.csv"
    with people_file.open("w", encoding="utf-8") as out:
        out.write(
            "medarbejdernummer;navn;email;enhed;leder;stilling;faggruppe;startdato;slutdato;timer\n"
        )
        out.writelines(rows)
    return units_file, people_file


def _person(rnd: random.Random, number: str, unit: str, leader: str, group: str) -> str:
    name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
    email = f"m{number}@benchmark.dk"
    start = f"{rnd.randint(1, 28):02d}-{rnd.randint(1, 12):02d}-{rnd.randint(1995, 2025)}"
    hours = rnd.choice(["37", "32,5", "30", "28,75"])
    return f"{number};{name};{email};{unit};{leader};{group};{group};{start};;{hours}\n"


def change_every_tenth(source: Path, target: Path) -> None:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    for i in range(1, len(lines), 10):
        cells = lines[i].split(";")
        cells[5] = cells[5] + " (ny)"
        lines[i] = ";".join(cells)
    target.write_text("".join(lines), encoding="utf-8")


def run(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [str(SAMTALE), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"samtale {' '.join(args)} failed ({done.returncode})")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="samtale-bench-import-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "SECRET_KEY": "benchmark-secret-key",
        "DJANGO_SETTINGS_MODULE": "samtale.settings",
        "DEBUG": "false",
        "SAMTALE_VAR_DIR": str(folder),
    }
    units_file, people_file = write_files(folder, args.people)
    changed_file = folder / "people-changed.csv"
    change_every_tenth(people_file, changed_file)
    units = sum(1 for _ in units_file.open(encoding="utf-8")) - 1

    run(env, "migrate", "--noinput", "-v", "0")
    timings = [
        (f"import units {units} rows", run(env, "import", "units", str(units_file))),
        (
            f"import people {args.people} rows",
            run(env, "import", "people", str(people_file), "--no-progress"),
        ),
        (
            f"import people {args.people} rows again (no changes)",
            run(env, "import", "people", str(people_file), "--no-progress"),
        ),
        (
            f"import people {args.people} rows, every tenth changed",
            run(env, "import", "people", str(changed_file), "--no-progress"),
        ),
    ]
    for label, seconds in timings:
        goal = "  (goal < 60 s)" if label.startswith("import people") else ""
        print(f"{label:<55} {seconds:7.1f} s{goal}")
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    else:
        print(f"files and database kept in {folder}")
    slow = [label for label, seconds in timings[1:] if seconds > GOAL_SECONDS]
    if slow:
        print("over the goal: " + ", ".join(slow), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
