package dev.runbook.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on a shared folder ({@code dir:}): each "machine" opens the folder on its own. */
class FileObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path dir;

    @Override
    protected ObjectStore open() {
        return new FileObjectStore(dir.resolve("team"));
    }

    @Test
    void two_stores_on_one_folder_see_each_others_writes() {
        ObjectStore other = new FileObjectStore(dir.resolve("team"));
        String v = store.createIfAbsent("locks/k.json", b("a")).orElseThrow();
        assertThat(other.createIfAbsent("locks/k.json", b("b"))).isEmpty();
        assertThat(other.replaceIfMatch("locks/k.json", b("c"), v)).isPresent();
        assertThat(store.replaceIfMatch("locks/k.json", b("d"), v)).isEmpty();
        assertThat(s(store.get("locks/k.json"))).isEqualTo("c");
    }

    @Test
    void keys_cannot_leave_the_folder() {
        assertThatThrownBy(() -> store.get("../x")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.createIfAbsent("/etc/x", b("x"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.get(".store/tmp/x")).isInstanceOf(StoreException.class);
    }

    @Test
    void a_deleted_run_leaves_no_empty_folders_and_no_temporary_files() throws Exception {
        String v = store.createIfAbsent("runs/r1/events/0000000001", b("x")).orElseThrow();
        assertThat(store.delete("runs/r1/events/0000000001", v)).isTrue();
        assertThat(dir.resolve("team/runs")).doesNotExist();
        try (var s = Files.list(dir.resolve("team/.store/tmp"))) {
            assertThat(s.toList()).isEmpty();
        }
    }
}
