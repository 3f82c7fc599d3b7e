package dev.runbook.action.sim;

/** New version ids for rotated secrets: readable, distinct per resource, and the same on every rehearsal. */
final class Versions {
    private Versions() {}

    static String next(SimWorld world, ResourceId id) {
        return "sim-version-" + world.countCall("version:" + id);
    }
}
