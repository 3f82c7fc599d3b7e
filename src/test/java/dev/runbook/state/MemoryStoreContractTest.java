package dev.runbook.state;

/** The conformance suite against the in-memory store: every "machine" shares the one instance. */
class MemoryStoreContractTest extends ObjectStoreContract {
    private final MemoryStore shared = new MemoryStore("memory");

    @Override
    protected ObjectStore open() {
        return shared;
    }
}
