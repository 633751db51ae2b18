package io.colorcache.e2e;

import java.util.ArrayList;
import java.util.List;

/** What one test started (Redis servers, sentinels, services), closed in reverse order after it. */
final class Started implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();

    <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }
}
