package dev.runbook.parse;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Node;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /** The document's root; empty for an empty file (or one with only comments). */
    public static Optional<Node> read(Path file) throws Invalid {
        byte[] bytes;
        try {
            if (Files.size(file) > YamlReader.MAX_CHARS * 4L) throw new Invalid(file + ": the file is larger than 4 MiB");
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Invalid(file + ": no such file");
        } catch (IOException e) {
            throw new Invalid(file + ": cannot read it: " + e.getMessage());
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
