"""The helper process starts whatever the parent's ``__main__`` is (inside the app: the page script)."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_worker_starts_when_main_is_a_page_script_that_only_runs_inside_streamlit(tmp_path):
    # Streamlit runs app.py as a stand-in ``__main__`` module whose __file__ is the script; a
    # spawned child would run that file first. The worker must start anyway and do the work.
    script = tmp_path / "page.py"
    script.write_text("raise SystemExit('the page script ran in the worker')\n", encoding="utf-8")
    code = (
        "import os, sys, types\n"
        f"page = types.ModuleType('__main__'); page.__file__ = {str(script)!r}\n"
        "sys.modules['__main__'] = page\n"
        "from listening.embed import worker\n"
        "future = worker.submit(os.getpid)\n"
        "print('worker' if future.result(timeout=120) != os.getpid() else 'here')\n"
        "import threading\n"
        "threads = [threading.Thread(target=lambda: worker.submit(os.getpid).result()) for _ in range(4)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "assert sys.modules['__main__'] is page, 'submits from several threads give the original back'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "worker"
