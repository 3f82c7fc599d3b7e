package dev.runbook.state;

class MemoryStoreTest extends StoreConformance {
    @Override
    protected ObjectStore newStore() {
        return new MemoryStore("memory:test");
    }
}
