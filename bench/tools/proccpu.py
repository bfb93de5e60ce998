"""CPU seconds (user + system) a process has used: proccpu.py PID [--tree].
--tree adds its live children and the children it already reaped (cutime/cstime): a PostgreSQL postmaster with its
backends, including connections that closed during the measurement."""
import os, sys

HZ = os.sysconf('SC_CLK_TCK')


def stat(pid):
    with open(f'/proc/{pid}/stat') as f:
        return f.read().rsplit(')', 1)[1].split()


def cpu(pid, tree):
    s = stat(pid)
    total = int(s[11]) + int(s[12])
    if tree:
        total += int(s[13]) + int(s[14])
        for p in os.listdir('/proc'):
            if p.isdigit():
                try:
                    c = stat(p)
                    if c[1] == str(pid):
                        total += int(c[11]) + int(c[12])
                except OSError:
                    pass
    return total / HZ


print(f"{cpu(int(sys.argv[1]), '--tree' in sys.argv[2:]):.2f}")
