package dev.runbook.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens by hand (no regular expressions: start-up speed and predictable cost). */
final class Lexer {
    enum Kind {
        IDENT, QUOTED_IDENT, INT, DOUBLE, STRING,
        DOT, COMMA, COLON, QUESTION, LPAREN, RPAREN, LBRACKET, RBRACKET, LBRACE, RBRACE,
        NOT, MINUS, PLUS, STAR, SLASH, PERCENT, AND, OR, EQ, NE, LT, LE, GT, GE, EOF
    }

    /** {@code value} is the decoded literal for INT/DOUBLE/STRING, the name for IDENT and QUOTED_IDENT (`a-b`). */
    record Token(Kind kind, Object value, int offset, int end) {
        String text(String source) {
            return kind == Kind.EOF ? "end of expression" : source.substring(offset, end);
        }
    }

    /** One more than Long.MAX_VALUE: only valid right after a unary minus. */
    static final Object MIN_LONG_MAGNITUDE = new Object();

    private final String src;
    private int pos;
    /** Whether the previous token ends a value: then '.' selects a field, otherwise ".5" is a number. */
    private boolean afterValue;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String source) throws ExprException {
        Lexer lexer = new Lexer(source);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
            Kind k = t.kind();
            lexer.afterValue = k == Kind.IDENT || k == Kind.QUOTED_IDENT || k == Kind.INT || k == Kind.DOUBLE
                    || k == Kind.STRING || k == Kind.RPAREN || k == Kind.RBRACKET || k == Kind.RBRACE;
        } while (t.kind() != Kind.EOF);
        return tokens;
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Token next() throws ExprException {
        skipSpaceAndComments();
        int start = pos;
        if (pos >= src.length()) return new Token(Kind.EOF, null, start, start);
        char c = src.charAt(pos);
        if (isIdentStart(c)) {
            int n = src.length();
            pos++;
            while (pos < n) {
                // isIdentPart written out: this loop runs for every name before the JIT has compiled anything
                char ch = src.charAt(pos);
                if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || (ch >= '0' && ch <= '9')) pos++;
                else break;
            }
            String word = src.substring(start, pos);
            if (pos < src.length() && (src.charAt(pos) == '\'' || src.charAt(pos) == '"')) {
                if (word.equals("r") || word.equals("R")) return string(start, pos, true);
                if (word.equals("b") || word.equals("B")) {
                    throw new ExprException("byte strings are not supported", start, "use a plain string: '...'");
                }
            }
            return new Token(Kind.IDENT, word, start, pos);
        }
        if (isDigit(c) || (c == '.' && !afterValue && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
            return number(start);
        }
        if (c == '`') return quotedIdent(start);
        if (c == '\'' || c == '"') return string(start, start, false);
        pos++;
        switch (c) {
            case '.': return token(Kind.DOT, start);
            case ',': return token(Kind.COMMA, start);
            case ':': return token(Kind.COLON, start);
            case '?': return token(Kind.QUESTION, start);
            case '(': return token(Kind.LPAREN, start);
            case ')': return token(Kind.RPAREN, start);
            case '[': return token(Kind.LBRACKET, start);
            case ']': return token(Kind.RBRACKET, start);
            case '{': return token(Kind.LBRACE, start);
            case '}': return token(Kind.RBRACE, start);
            case '-': return token(Kind.MINUS, start);
            case '+': return token(Kind.PLUS, start);
            case '*': return token(Kind.STAR, start);
            case '/': return token(Kind.SLASH, start);
            case '%': return token(Kind.PERCENT, start);
            case '!': return match('=') ? token(Kind.NE, start) : token(Kind.NOT, start);
            case '<': return match('=') ? token(Kind.LE, start) : token(Kind.LT, start);
            case '>': return match('=') ? token(Kind.GE, start) : token(Kind.GT, start);
            case '=':
                if (match('=')) return token(Kind.EQ, start);
                throw new ExprException("'=' is not an operator", start, "use == to compare; expressions cannot assign");
            case '&':
                if (match('&')) return token(Kind.AND, start);
                throw new ExprException("'&' is not an operator", start, "use && for 'and'");
            case '|':
                if (match('|')) return token(Kind.OR, start);
                throw new ExprException("'|' is not an operator", start, "use || for 'or'");
            case '$':
                throw new ExprException("unexpected '$'", start,
                        "an expression is written without ${...} here; ${...} is only for templates inside strings");
            default:
                throw new ExprException("unexpected character " + describe(c), start, null);
        }
    }

    private static String describe(char c) {
        if (c >= 0x20 && c < 0x7f) return "'" + c + "'";
        return String.format("U+%04X", (int) c);
    }

    private Token token(Kind kind, int start) {
        return new Token(kind, null, start, pos);
    }

    private boolean match(char expected) {
        if (pos < src.length() && src.charAt(pos) == expected) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
            } else {
                return;
            }
        }
    }

    private Token number(int start) throws ExprException {
        boolean isDouble = false;
        if (src.startsWith("0x", pos) || src.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < src.length() && Character.digit(src.charAt(pos), 16) >= 0) pos++;
            if (pos == digits) throw new ExprException("hexadecimal number without digits", start, null);
            checkNumberEnd(start);
            String hex = src.substring(digits, pos);
            try {
                return new Token(Kind.INT, Long.parseLong(hex, 16), start, pos);
            } catch (NumberFormatException e) {
                throw new ExprException("integer " + src.substring(start, pos) + " is too large", start,
                        "integers are 64-bit signed");
            }
        }
        while (pos < src.length() && isDigit(src.charAt(pos))) pos++;
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && isDigit(src.charAt(pos + 1))) {
            isDouble = true;
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) pos++;
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) pos++;
            if (pos < src.length() && isDigit(src.charAt(pos))) {
                isDouble = true;
                while (pos < src.length() && isDigit(src.charAt(pos))) pos++;
            } else {
                pos = save;
            }
        }
        checkNumberEnd(start);
        String text = src.substring(start, pos);
        if (isDouble) {
            double d = Double.parseDouble(text);
            if (Double.isInfinite(d)) throw new ExprException("number " + text + " is too large", start, null);
            return new Token(Kind.DOUBLE, d, start, pos);
        }
        try {
            return new Token(Kind.INT, Long.parseLong(text), start, pos);
        } catch (NumberFormatException e) {
            if (text.equals("9223372036854775808")) return new Token(Kind.INT, MIN_LONG_MAGNITUDE, start, pos);
            throw new ExprException("integer " + text + " is too large", start,
                    "integers are 64-bit signed; write a double (" + text + ".0) if precision does not matter");
        }
    }

    /**
     * A field name in backquotes, CEL's way to select a key that is not a plain name: {@code m.`foo-bar`}. CEL
     * allows letters, digits, '_', '.', '-', '/' and spaces inside.
     */
    private Token quotedIdent(int start) throws ExprException {
        int i = start + 1;
        while (i < src.length() && src.charAt(i) != '`') {
            char ch = src.charAt(i);
            if (!(isIdentPart(ch) || ch == '.' || ch == '-' || ch == '/' || ch == ' ')) {
                throw new ExprException("character " + describe(ch) + " is not allowed in a `quoted` field name", i,
                        "use index syntax: ['...']");
            }
            i++;
        }
        if (i >= src.length()) throw new ExprException("unterminated `quoted` field name", start, "close it with `");
        if (i == start + 1) throw new ExprException("empty `quoted` field name", start, null);
        pos = i + 1;
        return new Token(Kind.QUOTED_IDENT, src.substring(start + 1, i), start, pos);
    }

    private void checkNumberEnd(int start) throws ExprException {
        if (pos >= src.length()) return;
        char c = src.charAt(pos);
        if (c == 'u' || c == 'U') {
            throw new ExprException("unsigned integers are not supported", pos, "drop the '" + c + "' suffix");
        }
        if (isIdentPart(c)) {
            int end = pos;
            while (end < src.length() && isIdentPart(src.charAt(end))) end++;
            throw new ExprException("invalid number '" + src.substring(start, end) + "'", start,
                    Hints.hyphen(src, start, null));
        }
    }

    /** {@code quoteAt} is where the opening quote is; {@code start} includes a raw prefix. */
    private Token string(int start, int quoteAt, boolean raw) throws ExprException {
        char quote = src.charAt(quoteAt);
        boolean triple = src.startsWith(String.valueOf(quote).repeat(3), quoteAt);
        pos = quoteAt + (triple ? 3 : 1);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw new ExprException("unterminated string", start, "close it with " + (triple ? "three " : "") + quote);
            }
            char c = src.charAt(pos);
            if (c == quote && (!triple || src.startsWith(String.valueOf(quote).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                return new Token(Kind.STRING, sb.toString(), start, pos);
            }
            if (!triple && (c == '\n' || c == '\r')) {
                throw new ExprException("unterminated string", start,
                        "close it with " + quote + " on the same line, or use a triple-quoted string");
            }
            if (c == '\\' && !raw) {
                escape(sb);
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    private void escape(StringBuilder sb) throws ExprException {
        int at = pos;
        if (pos + 1 >= src.length()) throw new ExprException("unterminated string", at, "a string cannot end with \\");
        char e = src.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case '\\', '\'', '"', '`', '?' -> sb.append(e);
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case 'a' -> sb.append('\u0007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'v' -> sb.append('\u000b');
            case 'x', 'X' -> sb.appendCodePoint(hex(at, 2));
            case 'u' -> sb.appendCodePoint(hex(at, 4));
            case 'U' -> sb.appendCodePoint(hex(at, 8));
            case '0', '1', '2', '3' -> sb.appendCodePoint(octal(at, e));
            default -> throw new ExprException("unknown escape \\" + e + " in string", at,
                    "valid escapes: \\\\ \\' \\\" \\n \\t \\r \\uXXXX \\ooo; for regular expressions use a raw string r'...'");
        }
    }

    /** CEL's octal escape: exactly three digits, the first 0-3 (already read). */
    private int octal(int at, char first) throws ExprException {
        if (pos + 2 > src.length()) throw new ExprException("incomplete octal escape in string", at, "write three digits: \\012");
        int cp = first - '0';
        for (int i = 0; i < 2; i++) {
            char d = src.charAt(pos + i);
            if (d < '0' || d > '7') throw new ExprException("invalid octal digit in escape", pos + i, "write three digits: \\012");
            cp = cp * 8 + (d - '0');
        }
        pos += 2;
        return cp;
    }

    private int hex(int at, int digits) throws ExprException {
        if (pos + digits > src.length()) throw new ExprException("incomplete escape in string", at, null);
        int cp = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(src.charAt(pos + i), 16);
            if (d < 0) throw new ExprException("invalid hexadecimal digit in escape", pos + i, null);
            cp = cp * 16 + d;
        }
        pos += digits;
        if (cp < 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw new ExprException("escape is not a valid Unicode code point", at, null);
        }
        return cp;
    }
}
