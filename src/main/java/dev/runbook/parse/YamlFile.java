package dev.runbook.parse;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Node;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A YAML file of the operator's other than a runbook ({@code --params}, {@code --answers}), read with the
 * runbook's rules: UTF-8, one document, no anchors or aliases (Jackson would read an alias as its name, silently),
 * no duplicate keys (YAML keeps one, silently), YAML 1.2 booleans ({@code no} stays a string), bounded size.
 */
public final class YamlFile {
    private YamlFile() {}

    /** A file that cannot be used; the message names the file, and the line and column when there is one. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** A parameter name as a runbook declares it (a key of a {@code --params} file). */
    public static boolean isParamName(String s) {
        return RunbookBinder.isParamName(s);
    }

    public static final long MAX_BYTES = 4 * InputFiles.MIB;

    /** The document's root; empty for an empty file (or one with only comments). */
    public static Optional<Node> read(Path file) throws Invalid {
        return read(file, "this file");
    }

    /** As {@link #read(Path)}; {@code what} names the file's kind in a size message ("a parameters file"). */
    public static Optional<Node> read(Path file, String what) throws Invalid {
        byte[] bytes;
        try {
            bytes = InputFiles.read(file, MAX_BYTES, what);
        } catch (InputFiles.Unreadable e) {
            throw new Invalid(e.getMessage());
        }
        CharBuffer text;
        try {
            text = RunbookParser.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new Invalid(file + ": the file is not UTF-8 text (save it as UTF-8)");
        }
        YamlReader.Result r = YamlReader.read(file.toString(), text.array(), text.position());
        for (Diagnostic d : r.diagnostics()) {
            if (d.code().equals(Code.EMPTY_FILE.id())) return Optional.empty();
            throw new Invalid(d.file() + ":" + d.line() + ":" + d.col() + ": " + d.message() + (d.hint() == null ? "" : " (" + d.hint() + ")"));
        }
        return r.root();
    }
}
