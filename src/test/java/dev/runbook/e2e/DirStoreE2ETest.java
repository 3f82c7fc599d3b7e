package dev.runbook.e2e;

import dev.runbook.state.FileObjectStore;
import java.util.List;

/** The shared-state suite on a folder both machines see ({@code dir:}). */
class DirStoreE2ETest extends SharedStateE2E {
    @Override
    protected String stateUrl() {
        return "dir:" + tmp.resolve("team");
    }

    @Override
    protected List<String> runIds() {
        return new FileObjectStore(tmp.resolve("team")).list("runs/").stream()
                .filter(k -> k.endsWith("/meta.json")).map(k -> k.split("/")[1]).toList();
    }
}
