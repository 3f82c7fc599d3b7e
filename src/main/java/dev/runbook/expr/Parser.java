package dev.runbook.expr;

import dev.runbook.expr.Ast.BinaryOp;
import dev.runbook.expr.Lexer.Kind;
import dev.runbook.expr.Lexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser with CEL's precedence: {@code ?:}, {@code ||}, {@code &&}, relations, {@code + -}, {@code * / %}, unary, member. */
final class Parser {
    static final int MAX_LENGTH = 4096;
    static final int MAX_NESTING = 64;
    static final int MAX_HEIGHT = 200;

    /** CEL reserves these; using them as names would not be valid CEL. */
    private static final Set<String> RESERVED = Set.of("as", "break", "const", "continue", "else", "for", "function",
            "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while");

    static boolean isReserved(String word) {
        return RESERVED.contains(word);
    }

    /** CEL's keywords: the only words that cannot be selected with '.' ({@code a.in} does not parse, {@code a.as} does). */
    static boolean isKeyword(String word) {
        return word.equals("true") || word.equals("false") || word.equals("null") || word.equals("in");
    }

    private final String src;
    private final List<Token> tokens;
    /** The tokens' kinds, read by every precedence level for every operand (cheap before the JIT compiles it). */
    private final Kind[] kinds;
    private int p;
    private int nesting;

    private Parser(String src, List<Token> tokens) {
        this.src = src;
        this.tokens = tokens;
        this.kinds = new Kind[tokens.size()];
        for (int i = 0; i < kinds.length; i++) kinds[i] = tokens.get(i).kind();
    }

    static Ast parse(String source) throws ExprException {
        return parse(source, true);
    }

    /** {@code shortcut}: whether a plain selection chain may skip the lexer (false only to test that both agree). */
    static Ast parse(String source, boolean shortcut) throws ExprException {
        if (source == null) throw new ExprException("expression is missing", 0, null);
        if (source.length() > MAX_LENGTH) {
            throw new ExprException("expression is " + source.length() + " characters long; the limit is " + MAX_LENGTH,
                    MAX_LENGTH, "split the logic across steps or step outputs");
        }
        if (source.isBlank()) throw new ExprException("expression is empty", 0, "write an expression, e.g. params.x == 'y'");
        if (shortcut) {
            Ast chain = selection(source);
            if (chain != null) return chain;
        }
        Parser parser = new Parser(source, Lexer.tokenize(source));
        Ast ast = parser.expr();
        Token t = parser.peek();
        if (t.kind() != Kind.EOF) throw parser.unexpectedTrailing(t);
        checkHeight(ast, 1);
        return ast;
    }

    /** Longest chain {@link #selection} builds; longer ones go through the parser, which checks their height. */
    private static final int MAX_SHORTCUT_SEGMENTS = 32;

    /**
     * The tree of a plain selection chain with nothing else in it: {@code params.app},
     * {@code steps.app.outputs.state}, {@code steps['scale-out'].before.x} (no spaces, calls, operators or
     * escapes), built without tokens; null for anything else, which the parser takes. Most expressions in
     * templates are such chains. The tree, offsets included, is the one the parser builds; a chain the parser
     * would reject (a reserved word, a literal keyword as root) returns null so the parser reports it.
     */
    private static Ast selection(String src) {
        int n = src.length();
        int i = identEnd(src, 0);
        if (i < 0) return null;
        String root = src.substring(0, i);
        if (RESERVED.contains(root) || root.equals("true") || root.equals("false") || root.equals("null") || root.equals("in")) {
            return null;
        }
        Ast e = new Ast.Ident(root, 0, i);
        int segments = 1;
        while (i < n) {
            if (++segments > MAX_SHORTCUT_SEGMENTS) return null;
            char c = src.charAt(i);
            if (c == '.') {
                int start = i + 1;
                int end = identEnd(src, start);
                if (end < 0) return null;
                String name = src.substring(start, end);
                if (isKeyword(name)) return null;
                e = new Ast.Member(e, name, start, 0, end);
                i = end;
            } else if (c == '[') {
                // ['key'] or ["key"]: no escapes or line breaks inside, and ']' right after the closing quote
                int quoteAt = i + 1;
                if (quoteAt >= n) return null;
                char quote = src.charAt(quoteAt);
                if (quote != '\'' && quote != '"') return null;
                int close = quoteAt + 1;
                while (close < n && src.charAt(close) != quote) {
                    char k = src.charAt(close);
                    if (k == '\\' || k == '\n' || k == '\r') return null;
                    close++;
                }
                if (close + 1 >= n || src.charAt(close + 1) != ']') return null;
                Ast key = new Ast.Lit(src.substring(quoteAt + 1, close), quoteAt, close + 1);
                e = new Ast.Index(e, key, 0, close + 2);
                i = close + 2;
            } else {
                return null;
            }
        }
        return e;
    }

    /** The end of the identifier starting at {@code start}, or -1 when none starts there. */
    private static int identEnd(String src, int start) {
        int n = src.length();
        if (start >= n || !Lexer.isIdentStart(src.charAt(start))) return -1;
        int i = start + 1;
        while (i < n && Lexer.isIdentPart(src.charAt(i))) i++;
        return i;
    }

    private ExprException unexpectedTrailing(Token t) {
        Token prev = tokens.get(p - 1);
        String hint = null;
        if (t.kind() == Kind.IDENT || t.kind() == Kind.STRING || t.kind() == Kind.INT || t.kind() == Kind.DOUBLE) {
            hint = "two values need an operator between them (&&, ||, ==, +, ...)";
            if (t.kind() == Kind.IDENT && prev.kind() == Kind.IDENT) {
                String w = (String) t.value();
                if (w.equals("and")) hint = "use && for 'and'";
                if (w.equals("or")) hint = "use || for 'or'";
            }
        } else if (t.kind() == Kind.RPAREN || t.kind() == Kind.RBRACKET || t.kind() == Kind.RBRACE) {
            hint = "it has no matching opening bracket";
        }
        return new ExprException("unexpected " + quote(t) + " after the end of the expression", t.offset(), hint);
    }

    private static void checkHeight(Ast n, int depth) throws ExprException {
        if (depth > MAX_HEIGHT) {
            throw new ExprException("expression is too complex (more than " + MAX_HEIGHT + " levels of operators)",
                    n.offset(), "split the logic across steps or step outputs");
        }
        // the common nodes without a list of children; the same order as children()
        if (n instanceof Ast.Ident || n instanceof Ast.Lit) return;
        if (n instanceof Ast.Member m) {
            checkHeight(m.target(), depth + 1);
        } else if (n instanceof Ast.Binary b) {
            checkHeight(b.left(), depth + 1);
            checkHeight(b.right(), depth + 1);
        } else {
            for (Ast child : children(n)) checkHeight(child, depth + 1);
        }
    }

    static List<Ast> children(Ast n) {
        if (n instanceof Ast.Member m) return List.of(m.target());
        if (n instanceof Ast.Index i) return List.of(i.target(), i.index());
        if (n instanceof Ast.Call c) {
            List<Ast> all = new ArrayList<>();
            if (c.receiver() != null) all.add(c.receiver());
            all.addAll(c.args());
            return all;
        }
        if (n instanceof Ast.Has h) return List.of(h.select());
        if (n instanceof Ast.Comprehension c) {
            return c.filter() == null ? List.of(c.range(), c.body()) : List.of(c.range(), c.filter(), c.body());
        }
        if (n instanceof Ast.Unary u) return List.of(u.operand());
        if (n instanceof Ast.Binary b) return List.of(b.left(), b.right());
        if (n instanceof Ast.Conditional c) return List.of(c.condition(), c.then(), c.otherwise());
        if (n instanceof Ast.ListLit l) return l.elements();
        if (n instanceof Ast.MapLit m) {
            List<Ast> all = new ArrayList<>();
            for (int i = 0; i < m.keys().size(); i++) {
                all.add(m.keys().get(i));
                all.add(m.values().get(i));
            }
            return all;
        }
        return List.of();
    }

    private Token peek() {
        return tokens.get(p);
    }

    private Token advance() {
        Token t = tokens.get(p);
        if (t.kind() != Kind.EOF) p++;
        return t;
    }

    private boolean at(Kind kind) {
        return kinds[p] == kind;
    }

    private boolean atWord(String word) {
        Token t = peek();
        return t.kind() == Kind.IDENT && t.value().equals(word);
    }

    private String quote(Token t) {
        return t.kind() == Kind.EOF ? "end of expression" : "'" + t.text(src) + "'";
    }

    private Token expect(Kind kind, String what, Token opener) throws ExprException {
        Token t = peek();
        if (t.kind() == kind) return advance();
        String msg = "expected " + what + " but found " + quote(t);
        String hint = opener == null ? null
                : "to match '" + opener.text(src) + "' at offset " + opener.offset();
        throw new ExprException(msg, t.offset(), hint);
    }

    private Ast expr() throws ExprException {
        if (++nesting > MAX_NESTING) {
            throw new ExprException("expression nests too deeply (more than " + MAX_NESTING + " levels)",
                    peek().offset(), "split the logic across steps or step outputs");
        }
        try {
            Ast cond = or();
            if (!at(Kind.QUESTION)) return cond;
            advance();
            Ast then = or();
            expect(Kind.COLON, "':' of the ?: conditional", null);
            Ast otherwise = expr();
            return new Ast.Conditional(cond, then, otherwise, cond.offset(), otherwise.end());
        } finally {
            nesting--;
        }
    }

    private Ast or() throws ExprException {
        Ast left = and();
        while (at(Kind.OR)) {
            Token op = advance();
            Ast right = and();
            left = new Ast.Binary(BinaryOp.OR, left, right, op.offset(), left.offset(), right.end());
        }
        return left;
    }

    private Ast and() throws ExprException {
        Ast left = relation();
        while (at(Kind.AND)) {
            Token op = advance();
            Ast right = relation();
            left = new Ast.Binary(BinaryOp.AND, left, right, op.offset(), left.offset(), right.end());
        }
        return left;
    }

    private Ast relation() throws ExprException {
        Ast left = addition();
        while (true) {
            BinaryOp op = switch (kinds[p]) {
                case EQ -> BinaryOp.EQ;
                case NE -> BinaryOp.NE;
                case LT -> BinaryOp.LT;
                case LE -> BinaryOp.LE;
                case GT -> BinaryOp.GT;
                case GE -> BinaryOp.GE;
                case IDENT -> atWord("in") ? BinaryOp.IN : null;
                default -> null;
            };
            if (op == null) return left;
            Token t = advance();
            Ast right = addition();
            left = new Ast.Binary(op, left, right, t.offset(), left.offset(), right.end());
        }
    }

    private Ast addition() throws ExprException {
        Ast left = multiplication();
        for (Kind k = kinds[p]; k == Kind.PLUS || k == Kind.MINUS; k = kinds[p]) {
            Token t = advance();
            Ast right = multiplication();
            BinaryOp op = t.kind() == Kind.PLUS ? BinaryOp.ADD : BinaryOp.SUB;
            left = new Ast.Binary(op, left, right, t.offset(), left.offset(), right.end());
        }
        return left;
    }

    private Ast multiplication() throws ExprException {
        Ast left = unary();
        for (Kind k = kinds[p]; k == Kind.STAR || k == Kind.SLASH || k == Kind.PERCENT; k = kinds[p]) {
            Token t = advance();
            Ast right = unary();
            BinaryOp op = t.kind() == Kind.STAR ? BinaryOp.MUL : t.kind() == Kind.SLASH ? BinaryOp.DIV : BinaryOp.MOD;
            left = new Ast.Binary(op, left, right, t.offset(), left.offset(), right.end());
        }
        return left;
    }

    private Ast unary() throws ExprException {
        List<Token> ops = List.of();
        for (Kind k = kinds[p]; k == Kind.NOT || k == Kind.MINUS; k = kinds[p]) {
            if (ops.isEmpty()) ops = new ArrayList<>();
            ops.add(advance());
        }
        Ast operand;
        Token first = peek();
        if (!ops.isEmpty() && ops.get(ops.size() - 1).kind() == Kind.MINUS
                && (first.kind() == Kind.INT || first.kind() == Kind.DOUBLE)) {
            // A negative number is one literal, as in CEL; this is also the only way to write Long.MIN_VALUE.
            Token minus = ops.remove(ops.size() - 1);
            advance();
            Object v = first.value();
            Object negated = v == Lexer.MIN_LONG_MAGNITUDE ? Long.MIN_VALUE
                    : v instanceof Long l ? (Object) (-l) : (Object) (-(Double) v);
            operand = member(new Ast.Lit(negated, minus.offset(), first.end()));
        } else {
            operand = member(primary());
        }
        for (int i = ops.size() - 1; i >= 0; i--) {
            Token op = ops.get(i);
            operand = new Ast.Unary(op.kind() == Kind.NOT ? Ast.UnaryOp.NOT : Ast.UnaryOp.NEGATE, operand,
                    op.offset(), operand.end());
        }
        return operand;
    }

    private Ast member(Ast e) throws ExprException {
        while (true) {
            if (at(Kind.DOT)) {
                advance();
                Token name = peek();
                if (name.kind() == Kind.QUOTED_IDENT) {
                    advance();
                    if (at(Kind.LPAREN)) {
                        throw new ExprException("a `quoted` name cannot be called", name.offset(), "functions have plain names");
                    }
                    e = new Ast.Member(e, (String) name.value(), name.offset(), e.offset(), name.end());
                    continue;
                }
                if (name.kind() != Kind.IDENT) {
                    String hint = name.kind() == Kind.INT
                            ? "use index syntax for list elements: " + src.substring(e.offset(), e.end()) + "[" + name.text(src) + "]"
                            : name.kind() == Kind.STRING ? "use index syntax: " + src.substring(e.offset(), e.end()) + "[" + name.text(src) + "]"
                            : null;
                    throw new ExprException("expected a field name after '.' but found " + quote(name), name.offset(), hint);
                }
                advance();
                String field = (String) name.value();
                if (at(Kind.LPAREN)) {
                    e = call(e, name, e.offset());
                } else {
                    // reserved words are valid field names after '.' (CEL: { 'as': 1 }.as); keywords are not
                    if (isKeyword(field)) {
                        throw new ExprException("'" + field + "' is a keyword and cannot follow '.'", name.offset(),
                                "reach a key with that name with index syntax: ['" + field + "']");
                    }
                    e = new Ast.Member(e, field, name.offset(), e.offset(), name.end());
                }
            } else if (at(Kind.LBRACKET)) {
                Token open = advance();
                Ast index = expr();
                Token close = expect(Kind.RBRACKET, "']'", open);
                e = new Ast.Index(e, index, e.offset(), close.end());
            } else {
                return e;
            }
        }
    }

    private void checkNotReserved(Token name) throws ExprException {
        String w = (String) name.value();
        if (RESERVED.contains(w)) {
            throw new ExprException("'" + w + "' is a reserved word", name.offset(),
                    "reach a key with that name with index syntax: ['" + w + "']");
        }
    }

    private Ast primary() throws ExprException {
        Token t = peek();
        switch (t.kind()) {
            case INT -> {
                advance();
                if (t.value() == Lexer.MIN_LONG_MAGNITUDE) {
                    throw new ExprException("integer " + t.text(src) + " is too large", t.offset(), "integers are 64-bit signed");
                }
                return new Ast.Lit(t.value(), t.offset(), t.end());
            }
            case DOUBLE, STRING -> {
                advance();
                return new Ast.Lit(t.value(), t.offset(), t.end());
            }
            case IDENT -> {
                advance();
                String name = (String) t.value();
                switch (name) {
                    case "true": return new Ast.Lit(Boolean.TRUE, t.offset(), t.end());
                    case "false": return new Ast.Lit(Boolean.FALSE, t.offset(), t.end());
                    case "null": return new Ast.Lit(null, t.offset(), t.end());
                    case "in": throw new ExprException("expected a value before 'in'", t.offset(), null);
                    default: break;
                }
                if (at(Kind.LPAREN)) return call(null, t, t.offset());
                checkNotReserved(t);
                return new Ast.Ident(name, t.offset(), t.end());
            }
            case LPAREN -> {
                advance();
                Ast inner = expr();
                expect(Kind.RPAREN, "')'", t);
                return inner;
            }
            case LBRACKET -> {
                advance();
                List<Ast> elements = new ArrayList<>();
                while (!at(Kind.RBRACKET)) {
                    elements.add(expr());
                    if (!at(Kind.COMMA)) break;
                    advance();
                }
                Token close = expect(Kind.RBRACKET, "',' or ']'", t);
                return new Ast.ListLit(elements, t.offset(), close.end());
            }
            case LBRACE -> {
                advance();
                List<Ast> keys = new ArrayList<>();
                List<Ast> values = new ArrayList<>();
                while (!at(Kind.RBRACE)) {
                    keys.add(expr());
                    expect(Kind.COLON, "':' between a map key and its value", null);
                    values.add(expr());
                    if (!at(Kind.COMMA)) break;
                    advance();
                }
                Token close = expect(Kind.RBRACE, "',' or '}'", t);
                return new Ast.MapLit(keys, values, t.offset(), close.end());
            }
            case EOF -> throw new ExprException("expression ends where a value was expected", t.offset(), null);
            default -> throw new ExprException("expected a value but found " + quote(t), t.offset(), null);
        }
    }

    /** Parses {@code name(args)}; macros (has, all, exists, exists_one, filter, map) become their own nodes. */
    private Ast call(Ast receiver, Token name, int start) throws ExprException {
        Token open = advance();
        List<Ast> args = new ArrayList<>();
        if (!at(Kind.RPAREN)) {
            while (true) {
                args.add(expr());
                if (!at(Kind.COMMA)) break;
                advance();
            }
        }
        Token close = expect(Kind.RPAREN, "',' or ')'", open);
        String fn = (String) name.value();
        if (receiver == null && fn.equals("has") && args.size() == 1) {
            if (!(args.get(0) instanceof Ast.Member select)) {
                throw new ExprException("has() needs a field selection such as has(steps.app.outputs.x)",
                        args.get(0).offset(), "for a key containing '-', test the map instead: 'scale-out' in steps");
            }
            return new Ast.Has(select, start, close.end());
        }
        Ast.Macro macro = receiver == null ? null : macro(fn);
        if (macro != null && (args.size() == 2 || (macro == Ast.Macro.MAP && args.size() == 3))) {
            if (!(args.get(0) instanceof Ast.Ident v)) {
                throw new ExprException("the first argument of " + fn + "() must be a variable name", args.get(0).offset(),
                        "for example: list." + fn + "(x, " + (macro == Ast.Macro.MAP ? "x.name" : "x > 0") + ")");
            }
            Ast filter = args.size() == 3 ? args.get(1) : null;
            return new Ast.Comprehension(macro, receiver, v.name(), v.offset(), filter, args.get(args.size() - 1),
                    start, close.end());
        }
        return new Ast.Call(receiver, fn, args, name.offset(), start, close.end());
    }

    static Ast.Macro macro(String name) {
        for (Ast.Macro m : Ast.Macro.values()) if (m.text.equals(name)) return m;
        return null;
    }
}
