package dev.runbook.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the commands in a fenced code block: prompts stripped, continuation lines and heredocs joined,
 * comments kept as titles, output lines skipped. Knows shell sessions, psql sessions, SQL and KQL blocks.
 */
final class CodeBlocks {
    private CodeBlocks() {}

    enum Dialect { SHELL, PSQL, SQL, KUSTO }

    /** One command: {@code line} is the page line of its first line; {@code text} as written, prompt stripped. */
    record Command(int line, String text, String title, Dialect dialect) {}

    /** A comment (or a group of comment lines) that no command follows: an instruction for the operator. */
    record Note(int line, String text) {}

    record Skipped(int line, String text, String why) {}

    record Result(List<Command> commands, List<Note> notes, List<Skipped> skipped) {}

    static final Set<String> SHELL_INFO = Set.of("bash", "sh", "shell", "zsh", "console", "shell-session", "shellsession",
            "terminal", "ksh", "command", "cli", "azurecli", "azure-cli", "bash-session", "sh-session");
    static final Set<String> KUSTO_INFO = Set.of("kusto", "kql");
    static final Set<String> SQL_INFO = Set.of("sql", "psql", "pgsql", "postgres", "postgresql", "plpgsql");

    /** Words that start a command line in an unlabelled block. */
    static final Set<String> KNOWN_PROGRAMS = Set.of("az", "aws", "kubectl", "curl", "psql", "helm", "docker", "git", "npm",
            "npx", "node", "yarn", "systemctl", "journalctl", "sudo", "ssh", "scp", "pg_dump", "pg_restore", "pg_isready",
            "redis-cli", "gcloud", "terraform", "make", "python", "python3", "pip", "jq", "cat", "ls", "grep", "tail", "echo",
            "export", "dig", "nslookup", "ping", "wget", "ps", "kill", "top", "df", "free", "mysql", "mongosh", "sqlcmd", "oc",
            "eksctl", "func", "dotnet", "java", "mvn", "cd", "rm", "cp", "mv", "chmod", "openssl", "nc", "telnet", "watch", "uptime");

    static Dialect dialect(String info, List<String> lines) {
        String lang = info == null ? "" : info.trim().split("[\\s{,]+", 2)[0].toLowerCase(Locale.ROOT);
        if (SHELL_INFO.contains(lang)) return Dialect.SHELL;
        if (KUSTO_INFO.contains(lang)) return Dialect.KUSTO;
        if (SQL_INFO.contains(lang)) return lines.stream().anyMatch(l -> PSQL_PROMPT.matcher(l).lookingAt()) ? Dialect.SHELL : Dialect.SQL;
        if (!lang.isEmpty()) return null;
        // an unlabelled block is a session when a line has a prompt, else commands only when every line starts like one
        if (lines.stream().anyMatch(l -> PROMPT.matcher(l).lookingAt() && !l.substring(PROMPT.matcher(l).results().findFirst().get().end()).isBlank()
                || PSQL_PROMPT.matcher(l).lookingAt())) {
            return Dialect.SHELL;
        }
        boolean any = false;
        for (String l : lines) {
            String t = l.trim();
            if (t.isEmpty() || t.startsWith("#")) continue;
            Matcher m = PROMPT.matcher(l);
            if (m.lookingAt()) t = l.substring(m.end()).trim();
            String first = t.split("\\s+", 2)[0];
            if (!KNOWN_PROGRAMS.contains(first) && !first.matches("[A-Z_][A-Z0-9_]*=.*") && !PSQL_PROMPT.matcher(l).lookingAt()) return null;
            any = true;
        }
        return any ? Dialect.SHELL : null;
    }

    /** {@code $ }, {@code user@host:~$ }, {@code [user@host dir]$ }, {@code root@host:/# }, {@code PS C:\> }. */
    static final Pattern PROMPT = Pattern.compile(
            "\\s*(?:\\$|\\[[^\\]\\s]+@[^\\]]+\\]\\s*[$#]|[\\w.-]+@[\\w.-]+(?::[^\\s$#]*)?\\s*[$#]|PS [^>]*>)(?: |$)");
    /** psql: {@code db=# }, {@code db=> }; continuation {@code db-# }, {@code db(# }, {@code db'# }. */
    static final Pattern PSQL_PROMPT = Pattern.compile("\\s*([\\w.-]+)([=\\-('\"])[#>] ?");
    private static final Pattern NUMBERED = Pattern.compile("^(?:step\\s*)?\\d+[.):]\\s*", Pattern.CASE_INSENSITIVE);

    static Result read(Dialect d, List<String> lines, int firstLine) {
        return switch (d) {
            case KUSTO -> kusto(lines, firstLine);
            case SQL -> sql(lines, firstLine);
            default -> shell(lines, firstLine);
        };
    }

    /** A comment's text as a step title: without the number of a numbered list. */
    static String title(String comment) {
        String t = comment.strip();
        t = NUMBERED.matcher(t).replaceFirst("");
        return t.endsWith(":") ? t.substring(0, t.length() - 1).strip() : t;
    }

    private static Result shell(List<String> lines, int firstLine) {
        List<Command> out = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        boolean prompts = lines.stream().anyMatch(l -> PROMPT.matcher(l).lookingAt() || isPsqlPrompt(l));
        List<String> comment = new ArrayList<>();
        int commentLine = -1;
        int i = 0;
        while (i < lines.size()) {
            String raw = lines.get(i);
            int lineNo = firstLine + i;
            String body;
            Dialect dialect = Dialect.SHELL;
            Matcher pm = PROMPT.matcher(raw);
            Matcher qm = PSQL_PROMPT.matcher(raw);
            if (isPsqlPrompt(raw) && qm.lookingAt() && qm.group(2).equals("=")) {
                body = raw.substring(qm.end());
                dialect = Dialect.PSQL;
            } else if (pm.lookingAt()) {
                body = raw.substring(pm.end());
            } else if (prompts) {
                String t = raw.trim();
                if (t.startsWith("#") && !t.startsWith("#!")) {
                    if (commentLine < 0) commentLine = lineNo;
                    comment.add(t.substring(1).trim());
                } else if (!t.isEmpty()) {
                    skipped.add(new Skipped(lineNo, raw, "output"));
                } else {
                    flushNote(comment, commentLine, notes);
                    commentLine = -1;
                }
                i++;
                continue;
            } else {
                body = raw;
            }
            String t = body.trim();
            if (t.isEmpty()) {
                flushNote(comment, commentLine, notes);
                commentLine = -1;
                i++;
                continue;
            }
            if (t.startsWith("#") && dialect == Dialect.SHELL) {
                if (commentLine < 0) commentLine = lineNo;
                comment.add(t.substring(1).trim());
                i++;
                continue;
            }
            StringBuilder text = new StringBuilder(t);
            int j = i + 1;
            if (dialect == Dialect.PSQL) {
                // a meta-command is one line; SQL runs to its semicolon over continuation prompts
                while (!t.startsWith("\\") && !text.toString().strip().endsWith(";") && j < lines.size()) {
                    Matcher cm = PSQL_PROMPT.matcher(lines.get(j));
                    if (!cm.lookingAt() || cm.group(2).equals("=")) break;
                    text.append('\n').append(lines.get(j).substring(cm.end()));
                    j++;
                }
            } else {
                List<String> docs = new ArrayList<>(ShellSyntax.heredocs(t));
                while (j < lines.size() && (!docs.isEmpty() || !ShellSyntax.complete(text.toString()))) {
                    String next = lines.get(j);
                    if (docs.isEmpty() && prompts) {
                        // a continuation prompt, or the rest of an open quote
                        Matcher cont = Pattern.compile("\\s*> ?").matcher(next);
                        if (cont.lookingAt() && !text.toString().endsWith("\\")) next = next.substring(cont.end());
                    }
                    text.append('\n').append(next);
                    j++;
                    if (!docs.isEmpty() && next.strip().equals(docs.get(0))) docs.remove(0);
                    else if (docs.isEmpty()) docs.addAll(ShellSyntax.heredocs(next));
                }
            }
            String title = comment.isEmpty() ? null : title(comment.get(comment.size() - 1));
            comment.clear();
            commentLine = -1;
            out.add(new Command(lineNo, text.toString(), title, dialect));
            i = j;
        }
        flushNote(comment, commentLine, notes);
        return new Result(out, notes, skipped);
    }

    private static boolean isPsqlPrompt(String l) {
        Matcher m = PSQL_PROMPT.matcher(l);
        // "name=#" or "name=>" followed by space or end; not a shell assignment like A=>b (rare) nor a URL
        return m.lookingAt() && !l.trim().startsWith("$") && (m.end() >= l.length() || Character.isWhitespace(l.charAt(m.end() - 1))
                || m.end() == l.length());
    }

    private static void flushNote(List<String> comment, int line, List<Note> notes) {
        if (comment.isEmpty()) return;
        List<String> parts = comment.stream().map(CodeBlocks::title).filter(s -> !s.isBlank()).toList();
        if (!parts.isEmpty()) notes.add(new Note(line, String.join(". ", parts)));
        comment.clear();
    }

    /** KQL: queries separated by blank lines; leading {@code //} or {@code --} comments are titles. */
    private static Result kusto(List<String> lines, int firstLine) {
        List<Command> out = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<String> title = new ArrayList<>();
        StringBuilder q = new StringBuilder();
        int start = -1;
        for (int i = 0; i <= lines.size(); i++) {
            String l = i < lines.size() ? lines.get(i) : "";
            String t = l.trim();
            boolean commentLine = t.startsWith("//") || t.startsWith("--");
            boolean newQuery = commentLine && q.length() > 0;
            if (t.isEmpty() && q.length() > 0 && nextStartsQuery(lines, i) || newQuery || i == lines.size()) {
                if (q.length() > 0) {
                    out.add(new Command(start, q.toString().stripTrailing(), title.isEmpty() ? null : title(title.get(title.size() - 1)), Dialect.KUSTO));
                    q.setLength(0);
                    title.clear();
                    start = -1;
                }
            }
            if (i == lines.size()) break;
            if (commentLine) {
                title.add(t.substring(2).trim());
            } else if (!t.isEmpty()) {
                if (start < 0) start = firstLine + i;
                q.append(l).append('\n');
            } else if (q.length() > 0) {
                q.append('\n');
            }
        }
        return new Result(out, List.of(), skipped);
    }

    /** After a blank line in KQL: a new query starts with a comment or a table name (a line that is not '| ...'). */
    private static boolean nextStartsQuery(List<String> lines, int i) {
        for (int k = i + 1; k < lines.size(); k++) {
            String t = lines.get(k).trim();
            if (t.isEmpty()) continue;
            return !t.startsWith("|");
        }
        return true;
    }

    /** SQL: statements end with ';' (or the block); leading {@code --} comments are titles; psql meta-commands are one line. */
    private static Result sql(List<String> lines, int firstLine) {
        List<Command> out = new ArrayList<>();
        List<String> title = new ArrayList<>();
        StringBuilder q = new StringBuilder();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String t = l.trim();
            if (q.length() == 0 && t.startsWith("--")) {
                title.add(t.substring(2).trim());
                continue;
            }
            if (q.length() == 0 && t.isEmpty()) continue;
            if (q.length() == 0 && t.startsWith("\\")) {
                out.add(new Command(firstLine + i, t, title.isEmpty() ? null : title(title.get(title.size() - 1)), Dialect.PSQL));
                title.clear();
                continue;
            }
            if (start < 0) start = firstLine + i;
            q.append(l).append('\n');
            if (t.endsWith(";")) {
                out.add(new Command(start, q.toString().strip(), title.isEmpty() ? null : title(title.get(title.size() - 1)), Dialect.PSQL));
                q.setLength(0);
                title.clear();
                start = -1;
            }
        }
        if (q.length() > 0) out.add(new Command(start, q.toString().strip(), title.isEmpty() ? null : title(title.get(title.size() - 1)), Dialect.PSQL));
        return new Result(out, List.of(), List.of());
    }
}
