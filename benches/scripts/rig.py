#!/usr/bin/env python3
"""Measures limber as a person runs it, for issue 13: CPU and memory of a
session with the sound on, when each cue reaches ALSA, the first picker frame
and the binary's size. Figures for a note, not a test: run it by hand on an
idle machine (see ../../README.md, "Benchmarks", and ../../../shared/TESTING.md).

    python3 benches/scripts/rig.py cpu     [--rounds 3]   # dense / hold / paused
    python3 benches/scripts/rig.py onset   [--secs 60]    # cue hand-off lag, period, buffer
    python3 benches/scripts/rig.py frame   [--rounds 10]  # first picker frame vs printf, and the full list
    python3 benches/scripts/rig.py size                   # the installed binary
    python3 benches/scripts/rig.py all

The binary is ./target/release/limber (override with LIMBER_BIN). With no
sound card here, the sound goes to ALSA's `file` plugin writing into a FIFO
that this script drains at real-time rate (48 kHz, S16, stereo).
"""

import argparse
import array
import fcntl
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("LIMBER_BIN", os.path.join(ROOT, "target", "release", "limber"))
SPY_SRC = os.path.join(ROOT, "..", "shared", "tools", "alsa_spy.c")
SPY_SRC = os.environ.get("ALSA_SPY_SRC", SPY_SRC)
TICK = os.sysconf("SC_CLK_TCK")
RATE, FRAME = 48000, 4  # what the FIFO carries: S16_LE stereo
F_SETPIPE_SZ = 1031

DENSE = """Routine(
    title: "Dense cues",
    summary: "20 s holds per side, 3 s get-ready with 3-2-1 ticks, a prompt and a halfway each.",
    transition: 3,
    steps: [
        Step(name: "Calf", kind: Stretch, target: Calves, seconds: 20, side: Each, sets: 4,
             instructions: ["Hold."], prompts: [(at: 6, text: "Breathe.")]),
        Step(name: "Hamstring", kind: Stretch, target: Hamstrings, seconds: 20, side: Each, sets: 4,
             instructions: ["Hold."], prompts: [(at: 6, text: "Breathe.")]),
    ],
)
"""

# One long hold: the start cue at 0, then nothing due until the halfway at 60 s.
HOLD = """Routine(
    title: "Long hold",
    summary: "One 120 s hold with no cue due between its start and its halfway.",
    transition: 0,
    steps: [Step(name: "Hold", kind: Massage, target: Calves, seconds: 120, instructions: ["Hold."])],
)
"""

ASOUND = """</usr/share/alsa/alsa.conf>
pcm.!default {{
    type plug
    slave {{ pcm "capfile"  format S16_LE  rate 48000  channels 2 }}
}}
pcm.capfile {{
    type file
    slave.pcm "null"
    file "{fifo}"
    format "raw"
}}
"""


class Drain(threading.Thread):
    """Reads the FIFO at real-time rate and notes each sound it carries (first
    loud frame after >= 50 ms of quiet) with its peak, so runs can be compared
    for 'every cue, same order, same loudness'."""

    def __init__(self, path):
        super().__init__(daemon=True)
        os.mkfifo(path)
        # Read-write: never blocks on open, never sees EOF between streams.
        self.fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
        fcntl.fcntl(self.fd, F_SETPIPE_SZ, 4096)
        self.stop = False
        self.sounds = []  # [monotonic start, peak]
        self.frames = 0

    def run(self):
        start = time.monotonic()
        quiet = RATE  # frames of silence so far
        current = None
        while not self.stop:
            time.sleep(0.002)
            due = int((time.monotonic() - start) * RATE) - self.frames
            if due <= 0:
                continue
            try:
                data = os.read(self.fd, due * FRAME)
            except BlockingIOError:
                # Nothing written: the output is closed, time passes in silence.
                self.frames += due
                quiet += due
                continue
            data = data[: len(data) - len(data) % FRAME]
            samples = array.array("h", data)
            now = time.monotonic()
            # In blocks of 5 ms: C-speed max/min, so the reader stays cheap.
            for i in range(0, len(samples), 480):
                block = samples[i : i + 480]
                level = max(max(block), -min(block))
                if level > 64:
                    if quiet >= RATE // 20:
                        current = [now, 0]
                        self.sounds.append(current)
                    quiet = 0
                    current[1] = max(current[1], level)
                else:
                    quiet += len(block) // 2
            self.frames += len(samples) // 2


class Home:
    """A temporary LIMBER_HOME with the test routines, a FIFO and an ALSA config."""

    def __init__(self, user_routines=0):
        self.dir = tempfile.mkdtemp(prefix="limber-rig-")
        routines = os.path.join(self.dir, "routines")
        os.makedirs(routines)
        for name, text in (("dense", DENSE), ("hold", HOLD)):
            with open(os.path.join(routines, name + ".ron"), "w") as f:
                f.write(text)
        for i in range(user_routines):
            with open(os.path.join(routines, f"user-{i:04}.ron"), "w") as f:
                f.write(user_routine(i))
        self.fifo = os.path.join(self.dir, "cap.fifo")
        self.asound = os.path.join(self.dir, "asound.conf")
        with open(self.asound, "w") as f:
            f.write(ASOUND.format(fifo=self.fifo))
        self.drain = None

    def env(self, spy_log=None):
        env = dict(os.environ, LIMBER_HOME=self.dir, ALSA_CONFIG_PATH=self.asound)
        if spy_log:
            env["ALSA_SPY_LOG"] = spy_log
            env["LD_PRELOAD"] = spy()
        return env

    def start_sound(self):
        self.drain = Drain(self.fifo)
        self.drain.start()

    def close(self):
        if self.drain:
            self.drain.stop = True
            self.drain.join()
        shutil.rmtree(self.dir, ignore_errors=True)


def user_routine(i):
    """A routine of a few steps, different in each file, like a coach's."""
    steps = []
    for s in range(1 + i % 5):
        steps.append(
            f'Step(name: "Step {s} of routine {i}", kind: Stretch, target: Calves, '
            f"seconds: {20 + (i * 7 + s) % 40}, side: Each, sets: 2, rest: 5, "
            f'instructions: ["Lean in slowly.", "Hold still, breathe out."], '
            f'prompts: [(at: 10, text: "Ease off a little.")])'
        )
    return (
        f'Routine(title: "User routine {i:04}", summary: "Generated routine number {i}.", '
        f'transition: 5, steps: [{", ".join(steps)}])\n'
    )


def spy():
    out = os.path.join(ROOT, "target", "alsa_spy.so")
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(SPY_SRC):
        subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-o", out, SPY_SRC, "-ldl", "-lasound"], check=True)
    return out


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)


def threads(pid):
    """CPU ns per thread name, from schedstat."""
    out = {}
    base = f"/proc/{pid}/task"
    for tid in os.listdir(base):
        try:
            with open(f"{base}/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"{base}/{tid}/schedstat") as f:
                ns = int(f.read().split()[0])
        except OSError:
            continue
        out[f"{name}/{tid}"] = ns
    return out


def status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def tmux(*args, check=True):
    return subprocess.run(["tmux", *args], check=check, capture_output=True, text=True).stdout


def session_cpu(routine, pause=False, window=(3.0, 33.0)):
    """Runs `routine` in tmux with the capture rig as the sound card; returns
    CPU-s in the window, per-thread ms, peak memory (KiB) and the sounds heard."""
    home = Home()
    home.start_sound()
    name = f"rig{os.getpid()}"
    env = home.env()
    cmd = " ".join(
        [f"{k}={v}" for k, v in env.items() if k in ("LIMBER_HOME", "ALSA_CONFIG_PATH")]
        + ["exec", BIN, "run", routine, "--no-rate"]
    )
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", cmd)
    launched = time.monotonic()
    try:
        pid = int(tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())
        if pause:
            time.sleep(2.0)
            tmux("send-keys", "-t", name, "Space")
        time.sleep(max(0.0, launched + window[0] - time.monotonic()))
        c0, t0 = cpu_ticks(pid), threads(pid)
        time.sleep(max(0.0, launched + window[1] - time.monotonic()))
        c1, t1 = cpu_ticks(pid), threads(pid)
        peak = status(pid, "VmHWM")
        per_thread = {k: (v - t0.get(k, 0)) / 1e6 for k, v in t1.items()}
        per_thread = {k: round(v, 1) for k, v in per_thread.items() if v >= 0.05}
        sounds = [(round(s - launched, 3), p) for s, p in home.drain.sounds]
        return (c1 - c0) / TICK, per_thread, peak, sounds
    finally:
        tmux("kill-session", "-t", name, check=False)
        home.close()


def cmd_cpu(args):
    for label, routine, pause in (("dense", "dense", False), ("hold", "hold", False), ("paused", "dense", True)):
        results = [session_cpu(routine, pause) for _ in range(args.rounds)]
        secs = [r[0] for r in results]
        print(f"{label:7} CPU-s per 30 s (3-33 s): {' '.join(f'{s:.2f}' for s in secs)}"
              f"  median {statistics.median(secs):.2f}")
        print(f"        per thread (ms, last round): {results[-1][1]}")
        print(f"        peak RSS (VmHWM, KiB): {' '.join(str(r[2]) for r in results)}"
              f"  = {max(r[2] for r in results) / 1024:.1f} MiB max")
        if label == "dense":
            s = results[-1][3]
            print(f"        sounds heard in the rig (s after launch, peak): {len(s)}: {s[:14]}...")


def cmd_onset(args):
    """--plain with the spy: when each cue's first loud frame reaches ALSA,
    against its moment (every cue of the dense routine falls on a whole second
    of the session)."""
    home = Home()
    home.start_sound()
    log = os.path.join(home.dir, "spy.log")
    try:
        proc = subprocess.Popen(
            [BIN, "run", "dense", "--plain", "--no-rate"],
            env=home.env(log), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        lines = []
        end = time.monotonic() + args.secs
        while time.monotonic() < end:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append((time.monotonic(), line.rstrip()))
        proc.terminate()
        proc.wait()
        with open(log) as f:
            spy_lines = [l.split() for l in f]
        drained = [t for t, _ in home.drain.sounds]
    finally:
        home.close()
    # The session's origin: the earliest any line came, less its [mm:ss].
    origin = min(t - mmss(l) for t, l in lines if l.startswith("["))
    params = [l for l in spy_lines if l[1] == "params"]
    period = float(params[-1][4].split("=")[1]) if params else 0.0
    buffer = float(params[-1][5].split("=")[1]) if params else 0.0
    print(f"opened {len(params)} times; last: period {period:.2f} ms, buffer {buffer:.2f} ms")
    for p in params[:3]:
        print("  ", " ".join(p[1:]))
    lags, lands = [], []
    for l in spy_lines:
        if l[1] != "sound":
            continue
        at = float(l[0]) - origin
        lags.append((at - round(at)) * 1000)
        # Where the cue's first loud frame sits in the stream: the write, plus
        # its place in the write, plus what ALSA holds in front of it. A cue
        # laid ahead on its sample lands on its moment whatever the buffer.
        frames_in = int(l[2].split("=")[1])
        delay = max(0, int(l[3].split("=")[1]))
        heard = at + (frames_in + delay) / RATE
        lands.append((heard - round(heard)) * 1000)
        if args.verbose:
            print(f"  cue at {round(at):4} s: handed to ALSA {lags[-1]:+.1f} ms, "
                  f"frame {frames_in}, lands {lands[-1]:+.1f} ms")
    if not lags:
        print("no sound reached ALSA")
        return
    lags.sort()
    worst = lags[-1]
    print(f"{len(lags)} cues handed to ALSA; lag after the moment (ms): min {lags[0]:.1f} "
          f"median {statistics.median(lags):.1f} p90 {lags[int(len(lags) * 0.9)]:.1f} max {worst:.1f}")
    lands.sort()
    print(f"first loud frame's place in the stream vs the moment (ms): min {lands[0]:+.1f} "
          f"median {statistics.median(lands):+.1f} max {lands[-1]:+.1f}")
    out = sorted(((t - origin) - round(t - origin)) * 1000 for t in drained)
    if out:
        print(f"{len(out)} sounds read from the FIFO at real-time pace, vs the moment (ms): "
              f"min {out[0]:+.1f} median {statistics.median(out):+.1f} max {out[-1]:+.1f}")
    print(f"on a real card, if handed over at once: hand-off + buffer = up to {worst + buffer:.1f} ms "
          f"after the moment; laid ahead: the place above (a cue handed over a buffer early)")


def mmss(line):
    m, s = line[1:6].split(":")
    return int(m) * 60 + int(s)


def first_frame(cmd, expect, env, then=None):
    """Milliseconds until the pane running `cmd` shows `expect`; with `then`,
    also until it shows that (a pair, the second nan if it never does)."""
    name = f"ff{os.getpid()}"
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", "sleep 30")
    try:
        tmux("set-option", "-t", name, "remain-on-exit", "on")
        full = " ".join(f"{k}={v}" for k, v in env.items()) + " " + cmd
        start = time.monotonic()
        tmux("split-window", "-t", name, full)
        first = float("nan")
        while time.monotonic() - start < 10:
            screen = tmux("capture-pane", "-p", "-t", name)
            now = (time.monotonic() - start) * 1000
            if math.isnan(first) and expect in screen:
                first = now
            if not math.isnan(first) and (then is None or then in screen):
                return first if then is None else (first, now)
            time.sleep(0.002)
        return first if then is None else (first, float("nan"))
    finally:
        tmux("kill-session", "-t", name, check=False)


def cmd_frame(args):
    # A session kept open all along, so tmux's server does not end and start
    # again between the rounds.
    keeper = f"keep{os.getpid()}"
    tmux("new-session", "-d", "-s", keeper, "sleep 3600")
    try:
        frames(args)
    finally:
        tmux("kill-session", "-t", keeper, check=False)


def frames(args):
    for user in (0, 1000):
        home = Home(user_routines=user)
        try:
            env = {"LIMBER_HOME": home.dir}
            # The whole list is in the picker once its header counts them all
            # (the user's routines are read while the first frame is drawn).
            listed = subprocess.run([BIN, "list", "--json"], env=dict(os.environ, **env),
                                    capture_output=True, text=True, check=True)
            total = len(json.loads(listed.stdout)) + listed.stderr.count("is invalid")
            floors, frames, whole = [], [], []
            for _ in range(args.rounds):
                floors.append(first_frame("printf READY; sleep 5", "READY", env))
                first, complete = first_frame(f"{BIN}", "pick a routine", env,
                                              then=f"{total} of {total}")
                frames.append(first)
                whole.append(complete)
            floor, frame = statistics.median(floors), statistics.median(frames)
            complete = statistics.median(whole)
            print(f"{user:4} user routines: floor (printf) median {floor:.1f} ms, "
                  f"picker median {frame:.1f} ms: {frame - floor:+.1f} ms above the floor; "
                  f"all {total} routines listed at {complete:.1f} ms ({complete - floor:+.1f})")
        finally:
            home.close()


def cmd_size(_args):
    with tempfile.TemporaryDirectory() as root:
        subprocess.run(["cargo", "install", "--quiet", "--path", ROOT, "--root", root, "--locked",
                        "--offline"], check=True, env=dict(os.environ, CARGO_TARGET_DIR=os.path.join(ROOT, "target")))
        size = os.path.getsize(os.path.join(root, "bin", "limber"))
        print(f"installed binary (cargo install): {size / 1e6:.1f} MB ({size} bytes)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=["cpu", "onset", "frame", "size", "all"])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--secs", type=float, default=60)
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args()
    if not os.path.exists(BIN):
        sys.exit(f"build first: cargo build --release ({BIN} is missing)")
    for what in (["cpu", "onset", "frame", "size"] if args.what == "all" else [args.what]):
        globals()[f"cmd_{what}"](args)


if __name__ == "__main__":
    main()
