package dev.runbook.importer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits one shell command line into words the way a POSIX shell would (quote removal, backslash escapes,
 * parameter expansions kept as parts), and says when the line needs a real shell: pipes, lists ({@code &&},
 * {@code ;}), redirections, command substitution, heredocs, globs. Placeholders a page writes for a human
 * ({@code <resource-group>}, {@code {{ app }}}, {@code <%= app %>}) are recognised before the shell would
 * misread them as redirections.
 */
public final class ShellSyntax {
    private ShellSyntax() {}

    /** A piece of a word. */
    public sealed interface Part permits Lit, Var, Subst, Expr, Hole {}

    /** Literal text; {@code quoted}: it was inside single quotes (never a placeholder). */
    public record Lit(String text, boolean singleQuoted) implements Part {}

    /** {@code $NAME}, {@code ${NAME}} or {@code ${NAME:-default}}. */
    public record Var(String name, String defaultValue) implements Part {}

    /** {@code $(command)} or a backquoted command. */
    public record Subst(String command) implements Part {}

    /** A runbook expression written in the page ({@code ${params.app}}): kept as is. */
    public record Expr(String text) implements Part {}

    /** A placeholder for a human: {@code <name>}, {@code {{ name }}}, {@code <%= name %>}; {@code raw} as written. */
    public record Hole(String name, String raw) implements Part {}

    public record Word(List<Part> parts) {
        public Word {
            parts = List.copyOf(parts);
        }

        /** The word when it is one literal (no expansion), else null. */
        public String literal() {
            StringBuilder b = new StringBuilder();
            for (Part p : parts) {
                if (p instanceof Lit l) b.append(l.text());
                else return null;
            }
            return b.toString();
        }

        /** The word as a shell would show it to a reader (for titles and reports). */
        public String display() {
            StringBuilder b = new StringBuilder();
            for (Part p : parts) {
                if (p instanceof Lit l) b.append(l.text());
                else if (p instanceof Var v) b.append("$").append(v.name());
                else if (p instanceof Subst s) b.append("$(").append(s.command()).append(")");
                else if (p instanceof Expr e) b.append("${").append(e.text()).append("}");
                else if (p instanceof Hole h) b.append(h.raw());
            }
            return b.toString();
        }
    }

    /**
     * One parsed command line. {@code words} are the simple command's words after leading {@code NAME=value}
     * assignments ({@code assignments}); {@code needsShell} lists why the line cannot run as a plain argv
     * (empty when it can); {@code comment} is a trailing {@code # comment}.
     */
    public record Parsed(List<Word> words, List<Assignment> assignments, Set<String> needsShell, String comment, String text) {
        public boolean simple() {
            return needsShell.isEmpty();
        }

        public String program() {
            return words.isEmpty() ? null : words.get(0).literal();
        }
    }

    public record Assignment(String name, Word value) {}

    /** Thrown for a line no shell would accept (an unterminated quote). */
    public static final class Incomplete extends Exception {
        Incomplete(String message) {
            super(message);
        }
    }

    private static final Pattern ANGLE = Pattern.compile("<([A-Za-z][A-Za-z0-9_.-]*)>");
    private static final Pattern JINJA = Pattern.compile("\\{\\{-?\\s*\\.?([A-Za-z_][A-Za-z0-9_.]*)\\s*(?:\\|[^}]*)?-?}}");
    private static final Pattern ERB = Pattern.compile("<%=?-?\\s*@?([A-Za-z_][A-Za-z0-9_.\\[\\]'\"]*)\\s*-?%>");
    private static final char HOLE_START = '\uE000';
    private static final char HOLE_END = '\uE001';

    /** Parses one logical command (continuations already joined or kept as backslash-newline). */
    public static Parsed parse(String text) throws Incomplete {
        List<String[]> holes = new ArrayList<>();
        String s = protectHoles(text, holes);
        Lexer lx = new Lexer(s, holes);
        lx.run();
        List<Word> words = new ArrayList<>();
        List<Assignment> assigns = new ArrayList<>();
        boolean commandStarted = false;
        for (Object t : lx.tokens) {
            if (t instanceof Word w) {
                if (!commandStarted) {
                    Assignment a = assignment(w);
                    if (a != null) {
                        assigns.add(a);
                        continue;
                    }
                }
                commandStarted = true;
                words.add(w);
            } else {
                // an operator: a second command follows or output is redirected; the words so far are kept
                // for effect inference but the line needs sh -c
                break;
            }
        }
        return new Parsed(words, assigns, lx.reasons, lx.comment, text);
    }

    /** Whether {@code text} is a complete command: quotes closed, no trailing backslash, parentheses balanced. */
    public static boolean complete(String text) {
        if (text.endsWith("\\") && !text.endsWith("\\\\")) return false;
        try {
            Lexer lx = new Lexer(protectHoles(text, new ArrayList<>()), List.of());
            lx.run();
            return lx.depth <= 0 && !lx.trailingOperator;
        } catch (Incomplete e) {
            return false;
        }
    }

    /** Heredoc delimiters a line opens ({@code <<EOF}, {@code <<-'EOF'}), in order. */
    public static List<String> heredocs(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<<-?\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\1").matcher(line);
        while (m.find()) {
            // <<< is a here-string, not a heredoc
            if (m.start() > 0 && line.charAt(m.start() - 1) == '<') continue;
            if (m.end() < line.length() && m.group(1).isEmpty() && line.startsWith("<", m.start() + 2)) continue;
            out.add(m.group(2));
        }
        return out;
    }

    private static String protectHoles(String text, List<String[]> holes) {
        String s = text;
        for (Pattern p : List.of(ERB, JINJA, ANGLE)) {
            Matcher m = p.matcher(s);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                holes.add(new String[] {m.group(1), m.group()});
                m.appendReplacement(b, Matcher.quoteReplacement(HOLE_START + String.valueOf(holes.size() - 1) + HOLE_END));
            }
            m.appendTail(b);
            s = b.toString();
        }
        return s;
    }

    private static Assignment assignment(Word w) {
        if (w.parts().isEmpty() || !(w.parts().get(0) instanceof Lit first) || first.singleQuoted()) return null;
        Matcher m = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=").matcher(first.text());
        if (!m.find()) return null;
        List<Part> rest = new ArrayList<>();
        String after = first.text().substring(m.end());
        if (!after.isEmpty()) rest.add(new Lit(after, false));
        rest.addAll(w.parts().subList(1, w.parts().size()));
        return new Assignment(m.group(1), new Word(rest));
    }

    private static final class Lexer {
        final String s;
        final List<String[]> holes;
        final List<Object> tokens = new ArrayList<>();
        final Set<String> reasons = new LinkedHashSet<>();
        String comment;
        int i;
        int depth;
        boolean trailingOperator;
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        boolean litSingle;
        boolean inWord;

        Lexer(String s, List<String[]> holes) {
            this.s = s;
            this.holes = holes;
        }

        void flushLit() {
            if (lit.length() > 0) {
                parts.add(new Lit(lit.toString(), litSingle));
                lit.setLength(0);
            }
        }

        void add(Part p) {
            flushLit();
            parts.add(p);
            inWord = true;
        }

        void addLit(char c, boolean single) {
            if (lit.length() > 0 && litSingle != single) flushLit();
            litSingle = single;
            lit.append(c);
            inWord = true;
        }

        void endWord() {
            flushLit();
            if (inWord) tokens.add(new Word(mergeLits(parts)));
            parts = new ArrayList<>();
            inWord = false;
        }

        void op(String o) {
            endWord();
            tokens.add(o);
            trailingOperator = o.equals("|") || o.equals("&&") || o.equals("||");
            switch (o) {
                case "|" -> reasons.add("pipe");
                case "&&", "||", ";", "\n" -> reasons.add("list");
                case "&" -> reasons.add("background");
                case "<<", "<<-" -> reasons.add("heredoc");
                case "(", ")" -> reasons.add("subshell");
                default -> reasons.add("redirection");
            }
        }

        void run() throws Incomplete {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '#') trailingOperator = false;
                switch (c) {
                    case ' ', '\t' -> {
                        endWord();
                        i++;
                    }
                    case '\n' -> {
                        endWord();
                        i++;
                        if (!rest().isBlank() && !trailingOperator) op("\n");
                    }
                    case '#' -> {
                        if (inWord) {
                            addLit(c, false);
                            i++;
                        } else {
                            int end = s.indexOf('\n', i);
                            if (end < 0) end = s.length();
                            comment = s.substring(i + 1, end).trim();
                            i = end;
                        }
                    }
                    case '\'' -> {
                        int end = s.indexOf('\'', i + 1);
                        if (end < 0) throw new Incomplete("unterminated single quote");
                        if (end == i + 1) {
                            inWord = true;
                        }
                        for (int k = i + 1; k < end; k++) addLit(s.charAt(k), true);
                        i = end + 1;
                    }
                    case '"' -> doubleQuoted();
                    case '\\' -> {
                        if (i + 1 >= s.length()) throw new Incomplete("trailing backslash");
                        char n = s.charAt(i + 1);
                        if (n != '\n') addLit(n, false);
                        i += 2;
                    }
                    case '$' -> dollar(false);
                    case '`' -> backquote();
                    case '|', '&', ';', '<', '>', '(', ')' -> operator(c);
                    case '*', '?', '[' -> {
                        if (c == '[' && !inWord && s.startsWith("[[", i)) reasons.add("test");
                        reasons.add("glob");
                        addLit(c, false);
                        i++;
                    }
                    case '~' -> {
                        if (!inWord) reasons.add("tilde");
                        addLit(c, false);
                        i++;
                    }
                    case HOLE_START -> hole();
                    default -> {
                        addLit(c, false);
                        i++;
                    }
                }
            }
            endWord();
        }

        String rest() {
            return s.substring(i);
        }

        void hole() {
            int end = s.indexOf(HOLE_END, i);
            String[] h = holes.isEmpty() ? new String[] {"x", "<x>"} : holes.get(Integer.parseInt(s.substring(i + 1, end)));
            add(new Hole(h[0], h[1]));
            i = end + 1;
        }

        void operator(char c) {
            // 2>&1, 2>file: a digit word right before > is a file descriptor
            if ((c == '>' || c == '<') && inWord && lit.length() > 0 && parts.isEmpty() && lit.toString().chars().allMatch(Character::isDigit)) {
                lit.setLength(0);
                inWord = false;
            }
            String two = i + 1 < s.length() ? s.substring(i, i + 2) : String.valueOf(c);
            String o;
            if (two.equals("&&") || two.equals("||") || two.equals(">>") || two.equals(">&") || two.equals("<&") || two.equals(">|")
                    || two.equals("&>") || two.equals(";;")) {
                o = two;
            } else if (two.equals("<<")) {
                o = s.startsWith("<<<", i) ? "<<<" : s.startsWith("<<-", i) ? "<<-" : "<<";
            } else {
                o = String.valueOf(c);
            }
            if (o.equals("(")) depth++;
            if (o.equals(")")) depth--;
            i += o.length();
            op(o);
        }

        void doubleQuoted() throws Incomplete {
            i++;
            inWord = true;
            while (true) {
                if (i >= s.length()) throw new Incomplete("unterminated double quote");
                char c = s.charAt(i);
                if (c == '"') {
                    i++;
                    return;
                }
                if (c == '\\' && i + 1 < s.length()) {
                    char n = s.charAt(i + 1);
                    if (n == '$' || n == '`' || n == '"' || n == '\\') addLit(n, false);
                    else if (n != '\n') {
                        addLit('\\', false);
                        addLit(n, false);
                    }
                    i += 2;
                } else if (c == '$') {
                    dollar(true);
                } else if (c == '`') {
                    backquote();
                } else if (c == HOLE_START) {
                    hole();
                } else {
                    addLit(c, false);
                    i++;
                }
            }
        }

        void backquote() throws Incomplete {
            int end = i + 1;
            while (end < s.length() && s.charAt(end) != '`') end += s.charAt(end) == '\\' ? 2 : 1;
            if (end >= s.length()) throw new Incomplete("unterminated backquote");
            add(new Subst(s.substring(i + 1, end)));
            reasons.add("command substitution");
            i = end + 1;
        }

        void dollar(boolean quoted) throws Incomplete {
            if (i + 1 >= s.length()) {
                addLit('$', false);
                i++;
                return;
            }
            char n = s.charAt(i + 1);
            if (n == '(') {
                boolean arith = i + 2 < s.length() && s.charAt(i + 2) == '(';
                int end = matching(i + 1, '(', ')');
                add(new Subst(s.substring(i + 2, end)));
                reasons.add(arith ? "arithmetic" : "command substitution");
                i = end + 1;
            } else if (n == '{') {
                int end = matching(i + 1, '{', '}');
                String body = s.substring(i + 2, end);
                Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?::?-(.*))?").matcher(body);
                if (m.matches()) {
                    add(new Var(m.group(1), m.group(2)));
                } else if (body.matches("(params|steps|run|env)\\b[\\s\\S]*")) {
                    add(new Expr(body));
                } else {
                    add(new Subst("echo ${" + body + "}"));
                    reasons.add("parameter expansion");
                }
                i = end + 1;
            } else if (Character.isLetter(n) || n == '_') {
                int end = i + 1;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) end++;
                add(new Var(s.substring(i + 1, end), null));
                i = end;
            } else if ("?$#@*!0123456789-".indexOf(n) >= 0) {
                add(new Subst("echo $" + n));
                reasons.add("special parameter");
                i += 2;
            } else if (!quoted && n == '\'') {
                reasons.add("ANSI-C quoting");
                addLit('$', false);
                i++;
            } else {
                addLit('$', false);
                i++;
            }
        }

        /** Index of the bracket closing the one at {@code open}, skipping quoted text. */
        int matching(int open, char o, char c) throws Incomplete {
            int d = 0;
            for (int k = open; k < s.length(); k++) {
                char ch = s.charAt(k);
                if (ch == '\\') {
                    k++;
                } else if (ch == '\'' && o == '(') {
                    int e = s.indexOf('\'', k + 1);
                    if (e < 0) throw new Incomplete("unterminated single quote");
                    k = e;
                } else if (ch == o) {
                    d++;
                } else if (ch == c) {
                    d--;
                    if (d == 0) return k;
                }
            }
            throw new Incomplete("unterminated " + (o == '(' ? "$(" : "${"));
        }
    }

    private static List<Part> mergeLits(List<Part> in) {
        List<Part> out = new ArrayList<>();
        for (Part p : in) {
            if (p instanceof Lit l && !out.isEmpty() && out.get(out.size() - 1) instanceof Lit prev && prev.singleQuoted() == l.singleQuoted()) {
                out.set(out.size() - 1, new Lit(prev.text() + l.text(), l.singleQuoted()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Quotes one argument for a POSIX shell, only when needed. */
    public static String quote(String arg) {
        if (arg.isEmpty()) return "''";
        if (arg.matches("[A-Za-z0-9_@%+=:,./-]+")) return arg;
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
