package org.planwatch.aggregator.metrics;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.planwatch.aggregator.metrics.InitiativeFamilies.Family;
import org.planwatch.aggregator.view.InitiativeSnapshot;

/**
 * The per-initiative families of a scrape, from renderings kept between scrapes: each
 * snapshot is rendered once ({@link Rendering}) and its rendering kept by initiative, so
 * a scrape renders only the initiatives that changed since the last one and copies the
 * rest (ADR 0006). The next snapshot of the same state (an evaluation pass) is rendered
 * from the last one's rendering.
 *
 * <p>
 * The view hands out its snapshots in the same order while no initiative comes or goes,
 * so a walk first looks for each snapshot's rendering where the last walk left it, and
 * looks it up by initiative only where that is not this snapshot's: a scrape makes no
 * lookup for what it finds kept.
 */
final class InitiativeText {

    private final SampleLines text;

    /**
     * By initiative id, the latest rendering of each: what a rendering of the next
     * snapshot starts from.
     */
    private final Map<String, Rendering> rendered = new ConcurrentHashMap<>();

    /**
     * The renderings the last walk over the view found or made, each at its snapshot's
     * place.
     */
    private volatile Rendering[] lastWalk = {};

    private final ChunkPool chunks = new ChunkPool();

    InitiativeText(List<Family> families) {
        if (families.size() > Rendering.MAX_FAMILIES) {
            throw new IllegalArgumentException("A rendering marks its patched families in a long: at most "
                    + Rendering.MAX_FAMILIES + " families");
        }
        this.text = new SampleLines(families);
    }

    /**
     * @param included the family names to write (as {@link Family#name}), or null for all
     * @param openMetrics OpenMetrics 1.0 metadata lines instead of the 0.0.4 ones (the
     * samples are the same)
     */
    byte[] write(Collection<InitiativeSnapshot> snapshots, @Nullable Set<String> included, boolean openMetrics) {
        return body(() -> snapshots, included, openMetrics, new byte[0], 0, new byte[0]).toArray();
    }

    /** Whether a scrape filtered to {@code included} (null for all) holds any family. */
    private boolean writesAny(@Nullable Set<String> included) {
        return included == null || text.families().stream().anyMatch(family -> included.contains(family.name()));
    }

    /**
     * The families between {@code head} (its first {@code headLength} bytes) and
     * {@code tail}.
     */
    ScrapeBody body(Supplier<? extends Collection<InitiativeSnapshot>> view, @Nullable Set<String> included,
            boolean openMetrics, byte[] head, int headLength, byte[] tail) {
        List<Family> families = text.families();
        if (!writesAny(included)) {
            // Filtered to other names (a reader of one figure, polling): no initiative
            // is walked or rendered, and the kept renderings stay as they were.
            return new ScrapeBody(new Rendering[0], new byte[families.size()][], new long[families.size()], head,
                    headLength, tail, (long) headLength + tail.length, chunks);
        }
        Collection<InitiativeSnapshot> snapshots = view.get();
        Rendering[] last = lastWalk;
        Rendering[] all = new Rendering[snapshots.size()];
        long[] familyBytes = new long[families.size()];
        int n = 0;
        Bytes scratch = new Bytes(4096);
        for (InitiativeSnapshot snapshot : snapshots) {
            Rendering one = n < last.length && last[n] != null && last[n].snapshot() == snapshot ? last[n]
                    : rendered(snapshot, scratch);
            all[n++] = one;
            int[] bounds = one.bounds();
            for (int f = 0; f < familyBytes.length; f++) {
                familyBytes[f] += bounds[2 * f + 1] - bounds[2 * f];
            }
        }
        lastWalk = all;
        if (rendered.size() > all.length) {
            forgetAllBut(all);
        }
        byte[][] metadata = new byte[families.size()][];
        long size = (long) headLength + tail.length;
        for (int f = 0; f < families.size(); f++) {
            if (included != null && !included.contains(families.get(f).name())) {
                continue;
            }
            if (familyBytes[f] > 0) { // a family with no samples is left out, as the
                                      // Prometheus client does
                metadata[f] = text.metadata(f, openMetrics);
                size += metadata[f].length + familyBytes[f];
            }
        }
        return new ScrapeBody(all, metadata, familyBytes, head, headLength, tail, size, chunks);
    }

    /**
     * Renders again, off the scrape, the initiatives in {@code snapshots} whose kept
     * rendering is of an older snapshot: after an evaluation pass has given most of them
     * a new verdict at once, so that the next scrape finds them kept. One never rendered
     * is left to the scrape, so an instance that nobody scrapes keeps no renderings.
     *
     * <p>
     * From the last to the first: a scrape that comes meanwhile renders what it finds
     * missing from the first on, so the two meet in the middle instead of rendering the
     * same ones side by side.
     */
    void renderAhead(List<InitiativeSnapshot> snapshots) {
        Bytes scratch = new Bytes(4096);
        Rendering[] walk = new Rendering[snapshots.size()];
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            InitiativeSnapshot snapshot = snapshots.get(i);
            if (rendered.containsKey(snapshot.id())) {
                walk[i] = rendered(snapshot, scratch);
            }
        }
        lastWalk = walk;
    }

    /**
     * Whether the rendering kept for this snapshot's initiative is of this very snapshot.
     */
    boolean isRendered(InitiativeSnapshot snapshot) {
        Rendering kept = rendered.get(snapshot.id());
        return kept != null && kept.snapshot() == snapshot;
    }

    /** How many initiatives' renderings are kept. */
    int kept() {
        return rendered.size();
    }

    /** How many chunks wait for the next body (for the tests). */
    int freeChunks() {
        return chunks.free();
    }

    /**
     * {@code scratch}: where a rendering is written before it is copied to an array of
     * its size.
     */
    private Rendering rendered(InitiativeSnapshot snapshot, Bytes scratch) {
        String id = snapshot.id();
        Rendering kept = rendered.get(id);
        if (kept == null || kept.snapshot() != snapshot) {
            kept = kept != null && kept.snapshot().state() == snapshot.state() ? kept.rejudged(snapshot, text, scratch)
                    : Rendering.of(snapshot, text, scratch);
            rendered.put(id, kept);
        }
        return kept;
    }

    /**
     * Drops the renderings of initiatives this instance no longer exports (their task
     * moved away).
     */
    private void forgetAllBut(Rendering[] current) {
        Set<String> ids = new HashSet<>(current.length * 2);
        for (Rendering one : current) {
            ids.add(one.snapshot().id());
        }
        rendered.keySet().retainAll(ids);
    }

}
