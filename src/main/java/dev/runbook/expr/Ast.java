package dev.runbook.expr;

import java.util.List;

/** The parsed expression tree. {@code offset}/{@code end} delimit each node in the source (end exclusive). */
sealed interface Ast {
    int offset();

    int end();

    /** A String, Long, Double, Boolean or null. */
    record Lit(Object value, int offset, int end) implements Ast {}

    record Ident(String name, int offset, int end) implements Ast {}

    /** {@code target.name}; {@code nameOffset} is where the field name starts. */
    record Member(Ast target, String name, int nameOffset, int offset, int end) implements Ast {}

    record Index(Ast target, Ast index, int offset, int end) implements Ast {}

    /** A function call; {@code receiver} is null for the global style {@code f(x)}. */
    record Call(Ast receiver, String function, List<Ast> args, int nameOffset, int offset, int end) implements Ast {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** {@code has(target.field)}. */
    record Has(Member select, int offset, int end) implements Ast {}

    /**
     * {@code range.exists(v, body)} and friends; {@code filter} is the optional predicate of the
     * three-argument {@code map(v, filter, body)}.
     */
    record Comprehension(Macro macro, Ast range, String variable, int variableOffset, Ast filter, Ast body,
                         int offset, int end) implements Ast {}

    enum Macro {
        ALL("all"), EXISTS("exists"), EXISTS_ONE("exists_one"), FILTER("filter"), MAP("map");

        final String text;

        Macro(String text) {
            this.text = text;
        }
    }

    record Unary(UnaryOp op, Ast operand, int offset, int end) implements Ast {}

    enum UnaryOp { NOT, NEGATE }

    record Binary(BinaryOp op, Ast left, Ast right, int opOffset, int offset, int end) implements Ast {}

    enum BinaryOp {
        OR("||"), AND("&&"), EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("in"),
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%");

        final String text;

        BinaryOp(String text) {
            this.text = text;
        }
    }

    record Conditional(Ast condition, Ast then, Ast otherwise, int offset, int end) implements Ast {}

    record ListLit(List<Ast> elements, int offset, int end) implements Ast {
        public ListLit {
            elements = List.copyOf(elements);
        }
    }

    record MapLit(List<Ast> keys, List<Ast> values, int offset, int end) implements Ast {
        public MapLit {
            keys = List.copyOf(keys);
            values = List.copyOf(values);
        }
    }
}
