"""Run a command on a pseudo-terminal and answer its prompts, for testing interactive CLIs.

usage: pty_run.py <script.json> -- <command...>
script.json: [{"expect": "text on screen", "send": "keys"}, ...]; "\\r" is Enter,
"\\u001b[B" is arrow-down. Prints everything the command wrote; exits with its exit code.
PTY_COLS=<n> (environment) sets the terminal's width the command sees.
"""
import json
import os
import pty
import select
import sys
import time

steps = json.load(open(sys.argv[1]))
command = sys.argv[sys.argv.index("--") + 1:]
pid, fd = pty.fork()
if pid == 0:
    if os.environ.get("PTY_COLS"):
        import fcntl, struct, termios
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, int(os.environ["PTY_COLS"]), 0, 0))
    os.execvp(command[0], command)

screen = b""
deadline = time.time() + 30


def read_some(timeout):
    global screen
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return False
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        return None
    if not chunk:
        return None
    screen += chunk
    return True


for step in steps:
    want = step["expect"].encode()
    while want not in screen:
        if time.time() > deadline or read_some(0.5) is None:
            sys.stdout.write(screen.decode(errors="replace"))
            sys.stdout.write(f"\n[pty_run] never saw {step['expect']!r}\n")
            os.kill(pid, 9)
            sys.exit(99)
    screen_at = len(screen)
    time.sleep(0.1)
    os.write(fd, step["send"].encode())
    screen = screen[:screen_at]  # later expectations must appear anew

while read_some(0.5) is not None and time.time() < deadline:
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(screen.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
