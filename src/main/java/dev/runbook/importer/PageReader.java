package dev.runbook.importer;

import dev.runbook.parse.InputFiles;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a page to import: a regular file, at most {@link #MAX_BYTES}, strict UTF-8. */
public final class PageReader {
    public static final int MAX_BYTES = 4 << 20;

    private PageReader() {}

    public static final class Unreadable extends Exception {
        private final String hint;

        Unreadable(String message, String hint) {
            super(message);
            this.hint = hint;
        }

        public String hint() {
            return hint;
        }
    }

    public static String read(Path file) throws Unreadable {
        if (!Files.exists(file)) throw new Unreadable(file + " does not exist", "give the path of a Markdown page");
        if (!Files.isRegularFile(file)) throw new Unreadable(file + " is not a regular file", "give the path of a Markdown page");
        byte[] bytes;
        try {
            bytes = InputFiles.read(file, MAX_BYTES, "a page to import");
        } catch (InputFiles.Unreadable e) {
            throw new Unreadable(e.getMessage(), e.tooLarge() ? "split the page, or import one --section" : "check the path and its permissions");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Unreadable(file + " is not UTF-8", "convert it first, e.g. iconv -f latin1 -t utf-8");
        }
    }
}
