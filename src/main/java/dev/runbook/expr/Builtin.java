package dev.runbook.expr;

import java.util.ArrayList;
import java.util.List;

/** The functions; operand counts include the receiver of {@code x.f()}. */
enum Builtin {
    SIZE("size", true, true, 1, 1, "size(x) or x.size()"),
    CONTAINS("contains", true, false, 2, 2, "s.contains(t)"),
    STARTS_WITH("startsWith", true, false, 2, 2, "s.startsWith(t)"),
    ENDS_WITH("endsWith", true, false, 2, 2, "s.endsWith(t)"),
    MATCHES("matches", true, true, 2, 2, "s.matches(re) or matches(s, re)"),
    LOWER_ASCII("lowerAscii", true, false, 1, 1, "s.lowerAscii()"),
    UPPER_ASCII("upperAscii", true, false, 1, 1, "s.upperAscii()"),
    TRIM("trim", true, false, 1, 1, "s.trim()"),
    SPLIT("split", true, false, 2, 2, "s.split(separator)"),
    REPLACE("replace", true, false, 3, 3, "s.replace(old, new)"),
    JOIN("join", true, false, 1, 2, "list.join() or list.join(separator)"),
    INT("int", false, true, 1, 1, "int(x)"),
    DOUBLE("double", false, true, 1, 1, "double(x)"),
    STRING("string", false, true, 1, 1, "string(x)");

    final String text;
    final boolean receiverStyle;
    final boolean globalStyle;
    final int minOperands;
    final int maxOperands;
    final String usage;

    Builtin(String text, boolean receiverStyle, boolean globalStyle, int min, int max, String usage) {
        this.text = text;
        this.receiverStyle = receiverStyle;
        this.globalStyle = globalStyle;
        this.minOperands = min;
        this.maxOperands = max;
        this.usage = usage;
    }

    static Builtin find(String name) {
        for (Builtin b : values()) if (b.text.equals(name)) return b;
        return null;
    }

    /** Every callable name, macros included, for did-you-mean. */
    static List<String> allNames() {
        List<String> names = new ArrayList<>();
        for (Builtin b : values()) names.add(b.text);
        for (Ast.Macro m : Ast.Macro.values()) names.add(m.text);
        names.add("has");
        return names;
    }

    /**
     * Checks the calling style and the operand count, the same way for the checker and the interpreter.
     * Returns the builtin.
     */
    static Builtin resolve(Ast.Call call) throws ExprException {
        String name = call.function();
        Builtin b = find(name);
        if (b == null) {
            Ast.Macro macro = Parser.macro(name);
            String hint;
            if (name.equals("has")) {
                hint = "write has(a.b): one field selection";
            } else if (macro != null) {
                hint = "write list." + name + "(x, " + (macro == Ast.Macro.MAP ? "expression" : "condition") + ")";
            } else {
                hint = Hints.didYouMean(name, allNames());
                if (hint == null) hint = "functions: " + String.join(", ", allNames());
            }
            String msg = macro != null || name.equals("has")
                    ? "wrong use of " + name + "()" : "unknown function '" + name + "'";
            throw new ExprException(msg, call.nameOffset(), hint);
        }
        boolean receiver = call.receiver() != null;
        if (receiver && !b.receiverStyle) {
            throw new ExprException(name + "() is not a method", call.nameOffset(), "call it as " + b.usage);
        }
        if (!receiver && !b.globalStyle) {
            throw new ExprException(name + "() needs a receiver", call.nameOffset(), "call it as " + b.usage);
        }
        int operands = call.args().size() + (receiver ? 1 : 0);
        if (operands < b.minOperands || operands > b.maxOperands) {
            throw new ExprException(name + "() called with " + call.args().size() + " argument"
                    + (call.args().size() == 1 ? "" : "s"), call.nameOffset(), "call it as " + b.usage);
        }
        return b;
    }
}
