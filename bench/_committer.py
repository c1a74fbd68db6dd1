"""Child of the change benchmark: commits one audited write per ``go`` line it reads.

``python _committer.py DB`` prints ``ready``, then for every ``go SECONDS`` on stdin sleeps that
long, commits an audited update and prints ``time.time()`` taken right after COMMIT returned.
``quit`` (or the end of stdin) ends it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from festival.store.database import Actor, Database

ACTOR = Actor(name="tweede terminal (bench)")


def main() -> None:
    db = Database(Path(sys.argv[1]), migrate=False)
    print("ready", flush=True)
    for count, line in enumerate(sys.stdin, start=1):
        command, *args = line.split()
        if command == "quit":
            break
        time.sleep(float(args[0]))
        with db.write(ACTOR) as tx:
            tx.execute(
                "INSERT INTO app_meta (key, value) VALUES ('bench', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(count),),
            )
            tx.audit("bench", "app_meta", "bench", None, {"value": count})
        committed = time.time()
        print(repr(committed), flush=True)
    db.close()


if __name__ == "__main__":
    main()
