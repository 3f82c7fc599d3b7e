package dev.runbook.expr;

/**
 * Reads a pattern for the constructs RE2 refuses but java.util.regex accepts, so that {@code validate} can judge a
 * literal pattern without loading the RE2 engine. What RE2 accepts is then given to java.util.regex in
 * {@link #asJava} spelling for the remaining syntax checks (unbalanced brackets, dangling quantifiers, ...).
 */
final class Re2Screen {
    /** Escapes RE2 knows, besides punctuation, digits (octal) and {@code \p}/{@code \P}. */
    private static final String ESCAPE_LETTERS = "aftnrvxdDsSwWbBAzQE";
    private static final String FLAGS = "imsU";
    private static final String POSIX = ",alnum,alpha,ascii,blank,cntrl,digit,graph,lower,print,punct,space,upper,word,xdigit,";
    /** Java's POSIX-style property names, which RE2 does not have. */
    private static final String JAVA_PROPERTIES = ",Lower,Upper,ASCII,Alpha,Digit,Alnum,Punct,Graph,Print,Blank,Cntrl,XDigit,Space,all,";
    /** RE2's largest repetition count. */
    private static final int MAX_REPEAT = 1000;

    private Re2Screen() {}

    /** Why RE2 refuses the pattern, or null when nothing here stops it. */
    static String refused(String p) {
        int n = p.length();
        boolean inClass = false;
        boolean quantified = false; // the previous item was a quantifier
        boolean empty = true; // nothing to repeat yet: the start, or right after '(' or '|'
        for (int i = 0; i < n; i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                quantified = false;
                empty = false;
                if (i + 1 >= n) return "trailing backslash";
                char e = p.charAt(i + 1);
                if (e == 'x' && i + 2 < n && p.charAt(i + 2) == '{') {
                    int close = p.indexOf('}', i);
                    if (close > 0) {
                        i = close;
                        continue;
                    }
                }
                if (e == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    i = end < 0 ? n : end + 1;
                    continue;
                }
                if (e >= '1' && e <= '9' && !(e <= '7' && i + 2 < n && p.charAt(i + 2) >= '0' && p.charAt(i + 2) <= '7')) {
                    return "backreferences (\\" + e + ") are not supported";
                }
                if (((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) && ESCAPE_LETTERS.indexOf(e) < 0) {
                    if (e == 'p' || e == 'P') {
                        String why = property(p, i + 2);
                        if (why != null) return why;
                    } else {
                        return "\\" + e + " is not an RE2 escape";
                    }
                }
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') inClass = false;
                if (c == '[' && i + 1 < n && p.charAt(i + 1) == ':') {
                    int end = p.indexOf(":]", i + 2);
                    if (end > 0) {
                        String name = p.substring(p.charAt(i + 2) == '^' ? i + 3 : i + 2, end);
                        if (!POSIX.contains("," + name + ",")) return "[:" + name + ":] is not a character class RE2 knows";
                        i = end + 1;
                    }
                }
                continue;
            }
            if (c == '[') {
                quantified = false;
                empty = false;
                inClass = true;
                if (i + 1 < n && p.charAt(i + 1) == '^') i++;
                if (i + 1 < n && p.charAt(i + 1) == ']') i++; // a ']' first in a class is literal
                continue;
            }
            if (c == '(' && i + 1 < n && p.charAt(i + 1) == '?') {
                String why = group(p, i + 2);
                if (why != null) return why;
                int close = i + 2; // past the group's prefix: (?:  (?i)  (?i:  (?P<name>  (?<name>
                while (close < n && ":)>".indexOf(p.charAt(close)) < 0) close++;
                i = close;
                quantified = false;
                empty = true;
                continue;
            }
            if (c == '(' || c == '|') {
                quantified = false;
                empty = true;
                continue;
            }
            if ((c == '*' || c == '+' || c == '?') && i + 1 < n && p.charAt(i + 1) == '+') {
                return "possessive quantifiers (" + c + "+) are not supported";
            }
            if (c == '{' && repetitionEnd(p, i) < 0 && i + 1 < n && "*+?".indexOf(p.charAt(i + 1)) >= 0) {
                return "a literal '{' cannot be repeated; write \\{";
            }
            int end = c == '*' || c == '+' || c == '?' ? i + 1 : c == '{' ? repetitionEnd(p, i) : -1;
            if (end > 0) {
                if (c == '{') {
                    String why = repeat(p, i + 1);
                    if (why != null) return why;
                    if (end < n && p.charAt(end) == '+') return "possessive quantifiers (}+) are not supported";
                }
                if (empty) return "missing argument to repetition operator " + p.substring(i, end);
                if (quantified) {
                    return "a repetition of a repetition (" + p.substring(i, end) + " after a quantifier) is not supported";
                }
                if (end < n && p.charAt(end) == '?') end++; // non-greedy
                i = end - 1;
                quantified = true;
                continue;
            }
            quantified = false;
            empty = false;
        }
        return null;
    }

    /** The pattern as java.util.regex spells the same syntax. */
    static String asJava(String p) {
        StringBuilder sb = new StringBuilder(p.length());
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 2 < p.length() && (p.charAt(i + 1) == 'p' || p.charAt(i + 1) == 'P')
                    && p.charAt(i + 2) == '{' && p.indexOf('}', i) > 0) {
                // RE2's \p{Greek} and \p{^Greek} are Java's \p{IsGreek} and \P{IsGreek}
                int end = p.indexOf('}', i);
                String name = p.substring(i + 3, end);
                if (name.equals("Any") || name.equals("^Any")) name = "L"; // Java has no Any; any valid name checks the syntax
                boolean negate = name.startsWith("^") != (p.charAt(i + 1) == 'P');
                sb.append(negate ? "\\P{Is" : "\\p{Is").append(name.startsWith("^") ? name.substring(1) : name).append('}');
                i = end;
            } else if (c == '\\' && i + 1 < p.length() && p.charAt(i + 1) >= '0' && p.charAt(i + 1) <= '7') {
                // RE2's octal \0, \012, \101 (Java needs \0 before every octal number)
                int j = i + 1;
                int v = 0;
                while (j < p.length() && j < i + 4 && p.charAt(j) >= '0' && p.charAt(j) <= '7') v = v * 8 + (p.charAt(j++) - '0');
                sb.append("\\x{").append(Integer.toHexString(v)).append('}');
                i = j - 1;
            } else if (c == '\\' && p.startsWith("x{", i + 1) && p.indexOf('}', i) > 0) {
                int close = p.indexOf('}', i);
                sb.append(p, i, close + 1);
                i = close;
            } else if (c == '\\' && i + 1 < p.length()) {
                sb.append(c).append(p.charAt(++i));
            } else if (c == '[' && inClass(p, i) && !p.startsWith(":", i + 1)) {
                sb.append("\\["); // RE2 reads '[' inside a class literally; Java would open a nested class
            } else if (c == '{' && (!inClass(p, i)) && repetitionEnd(p, i) < 0) {
                sb.append("\\{"); // RE2 reads a '{' that starts no repetition literally; Java refuses it
            } else if (c == '(' && p.startsWith("?P<", i + 1)) {
                sb.append("(?<");
                i += 3;
            } else if (c == '(' && p.startsWith("?", i + 1)) {
                sb.append("(?");
                i++;
                while (i + 1 < p.length() && (FLAGS.indexOf(p.charAt(i + 1)) >= 0 || p.charAt(i + 1) == '-')) {
                    if (p.charAt(++i) != 'U') sb.append(p.charAt(i));
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Whether index {@code at} is inside a [...] class (read from the start; patterns are short). */
    private static boolean inClass(String p, int at) {
        boolean in = false;
        for (int i = 0; i < at; i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (!in && c == '[') {
                in = true;
                if (i + 1 < at && p.charAt(i + 1) == '^') i++;
                if (i + 1 < at && p.charAt(i + 1) == ']') i++;
            } else if (in && c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
                int end = p.indexOf(":]", i + 2);
                if (end > 0 && end < at) i = end + 1;
            } else if (in && c == ']') {
                in = false;
            }
        }
        return in;
    }

    private static String group(String p, int at) {
        if (at >= p.length()) return "missing group after (?";
        char c = p.charAt(at);
        if (c == '=' || c == '!' || p.startsWith("<=", at) || p.startsWith("<!", at)) return "look-around is not supported";
        if (c == '>') return "atomic groups are not supported";
        if (c == '#') return "comments in patterns are not supported";
        if (c == ':' || p.startsWith("P<", at) || c == '<') return null;
        if (c == 'P') return "(?P" + (at + 1 < p.length() ? p.charAt(at + 1) : "") + " is not supported";
        for (int i = at; i < p.length() && p.charAt(i) != ')' && p.charAt(i) != ':'; i++) {
            if (p.charAt(i) != '-' && FLAGS.indexOf(p.charAt(i)) < 0) return "flag (?" + p.charAt(i) + ") is not supported";
        }
        return null;
    }

    private static String property(String p, int at) {
        if (at >= p.length()) return "incomplete \\p";
        String name;
        if (p.charAt(at) == '{') {
            int end = p.indexOf('}', at);
            if (end < 0) return null; // java.util.regex reports it
            name = p.substring(at + 1, end);
            if (name.startsWith("^")) name = name.substring(1);
        } else {
            name = String.valueOf(p.charAt(at));
        }
        if (name.startsWith("Is") || name.startsWith("In") || name.startsWith("java") || name.contains("=")
                || JAVA_PROPERTIES.contains("," + name + ",")) {
            return "\\p{" + name + "} is Java syntax; RE2 names categories and scripts plainly (\\p{L}, \\p{Greek})";
        }
        return null;
    }

    /** The index after a repetition {n}, {n,} or {n,m} starting at '{', or -1: anything else is a literal '{' in RE2. */
    static int repetitionEnd(String p, int open) {
        int i = open + 1;
        int digits = 0;
        while (i < p.length() && Character.isDigit(p.charAt(i)) && p.charAt(i) <= '9') { i++; digits++; }
        if (digits == 0 || i >= p.length()) return -1;
        if (p.charAt(i) == '}') return i + 1;
        if (p.charAt(i) != ',') return -1;
        i++;
        while (i < p.length() && p.charAt(i) >= '0' && p.charAt(i) <= '9') i++;
        return i < p.length() && p.charAt(i) == '}' ? i + 1 : -1;
    }

    private static String repeat(String p, int at) {
        int i = at;
        long count = 0;
        boolean digits = false;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c >= '0' && c <= '9') {
                count = Math.min(count * 10 + (c - '0'), Integer.MAX_VALUE);
                digits = true;
            } else if (c == ',' || c == '}') {
                if (digits && count > MAX_REPEAT) return "repetition count " + count + " is over RE2's limit of " + MAX_REPEAT;
                if (c == '}') return null;
                count = 0;
                digits = false;
            } else {
                return null; // not a repetition: RE2 reads '{' literally
            }
            i++;
        }
        return null;
    }
}
