package dev.runbook.action.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The machine's process table as far as runbook needs it: which processes belong to a step's session (a step runs
 * as the leader of a session of its own, so its session id is its pid). Read from /proc; where there is no /proc
 * only the leader itself can be looked at, through {@link ProcessHandle}.
 */
public final class ProcessTable {
    private static final Path PROC = Path.of("/proc");

    private ProcessTable() {}

    /** One process: its ids and a short command line to show to the operator. */
    public record Entry(long pid, long pgid, long sid, String command) {}

    /** Whether the process table can be listed (Linux /proc); elsewhere only single pids can be checked. */
    public static boolean listable() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    /** The process's own ids, or empty when it is gone (or this is not Linux). */
    public static Optional<Entry> entry(long pid) {
        return read(PROC.resolve(Long.toString(pid)));
    }

    /** Every living (not zombie) process whose session or process group is {@code id}. */
    public static List<Entry> members(long id) {
        List<Entry> out = new ArrayList<>();
        if (!listable()) {
            ProcessHandle.of(id).filter(ProcessHandle::isAlive).ifPresent(h -> out.add(new Entry(id, id, id, command(h))));
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path d : dirs) {
                read(d).filter(e -> e.sid() == id || e.pgid() == id).ifPresent(out::add);
            }
        } catch (IOException e) {
            // an unreadable /proc: say what can be said about the leader
            ProcessHandle.of(id).filter(ProcessHandle::isAlive).ifPresent(h -> out.add(new Entry(id, id, id, command(h))));
        }
        return out;
    }

    /**
     * The processes still alive of a session recorded earlier, whose leader started at {@code leaderStart}. A leader
     * with another start time is a new process that reused the pid: then the old session is gone (the kernel does
     * not reuse a pid while a session or group of that id has a member), and so are its members.
     */
    public static List<Entry> survivors(long sid, Instant leaderStart) {
        Optional<ProcessHandle> leader = ProcessHandle.of(sid);
        if (leader.isPresent() && leaderStart != null) {
            Optional<Instant> started = leader.get().info().startInstant();
            if (started.isPresent() && Duration.between(started.get(), leaderStart).abs().compareTo(Duration.ofSeconds(2)) > 0) {
                return List.of();
            }
        }
        return members(sid);
    }

    /** SIGKILL to every process of the session or group {@code id} (this JVM excepted); returns how many were signalled. */
    public static int killAll(long id) {
        int n = 0;
        long self = ProcessHandle.current().pid();
        for (Entry e : members(id)) {
            if (e.pid() == self) continue;
            if (ProcessHandle.of(e.pid()).map(ProcessHandle::destroyForcibly).orElse(false)) n++;
        }
        return n;
    }

    private static Optional<Entry> read(Path dir) {
        String stat;
        try {
            stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        // pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses, so split after the last ')'
        int close = stat.lastIndexOf(')');
        if (close < 0) return Optional.empty();
        String[] f = stat.substring(close + 2).split(" ");
        if (f.length < 4 || f[0].equals("Z") || f[0].equals("X")) return Optional.empty();
        try {
            long pid = Long.parseLong(stat.substring(0, stat.indexOf(' ')).strip());
            String comm = stat.substring(stat.indexOf('(') + 1, close);
            return Optional.of(new Entry(pid, Long.parseLong(f[2]), Long.parseLong(f[3]), cmdline(dir).orElse(comm)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> cmdline(Path dir) {
        try {
            byte[] b = Files.readAllBytes(dir.resolve("cmdline"));
            if (b.length == 0) return Optional.empty();
            String s = new String(b, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return Optional.of(s.length() > 120 ? s.substring(0, 117) + "..." : s);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String command(ProcessHandle h) {
        return h.info().commandLine().or(() -> h.info().command()).orElse("?");
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) return false;
        }
        return true;
    }
}
