package dev.runbook.e2e;

/** The shared-state suite on a folder both machines see ({@code dir:}). */
class DirStoreE2ETest extends SharedStateE2E {
    @Override
    protected String stateUrl() {
        return "dir:" + tmp.resolve("team");
    }
}
