package org.planwatch.aggregator.metrics;

import java.util.List;
import java.util.Objects;

import org.planwatch.aggregator.metrics.InitiativeFamilies.Family;
import org.planwatch.aggregator.view.InitiativeSnapshot;

/**
 * One snapshot's sample lines, every family's end to end in one array ({@code lines}): a
 * scrape reads every initiative's, and one array is one place in memory to fetch, not one
 * per family.
 *
 * <p>
 * A new verdict on the same state (an evaluation pass) shares {@code lines} and writes
 * the families that read a part of the verdict that moved ({@link Family#reads}) to a
 * small {@code patch} of its own, with those a patch before it held, so that a pass that
 * moves one family copies one family. Family {@code f}'s lines are {@code bounds[2f]} to
 * {@code bounds[2f + 1]} of the patch when bit {@code f} of {@code patched} is set, else
 * of {@code lines}. {@code labels} are the three every sample carries.
 */
record Rendering(InitiativeSnapshot snapshot, byte[] lines, byte[] patch, long patched, int[] bounds, byte[] labels) {

    /** A rendering marks its patched families in a long. */
    static final int MAX_FAMILIES = Long.SIZE;

    private static final byte[] NO_PATCH = new byte[0];

    /**
     * Renders every family of {@code snapshot}; {@code scratch} is where, before an array
     * of its size.
     */
    static Rendering of(InitiativeSnapshot snapshot, SampleLines text, Bytes scratch) {
        byte[] labels = SampleLines.labels(snapshot.state().getInitiative());
        int[] bounds = new int[2 * text.families().size()];
        scratch.clear();
        for (int f = 0; f < text.families().size(); f++) {
            bounds[2 * f] = scratch.size();
            text.write(f, snapshot, labels, scratch);
            bounds[2 * f + 1] = scratch.size();
        }
        return new Rendering(snapshot, scratch.toArray(), NO_PATCH, 0, bounds, labels);
    }

    /**
     * The rendering of {@code next}, a new verdict on this rendering's state: the
     * families that read a part of the verdict that moved are written again, the others
     * kept as they are.
     */
    Rendering rejudged(InitiativeSnapshot next, SampleLines text, Bytes scratch) {
        List<Family> families = text.families();
        int[] nextBounds = new int[bounds.length];
        long nextPatched = patched;
        scratch.clear();
        for (int f = 0; f < families.size(); f++) {
            Family family = families.get(f);
            if (!family.judged()
                    || Objects.equals(family.reads().apply(snapshot.verdict()), family.reads().apply(next.verdict()))) {
                if (isPatched(f)) {
                    nextBounds[2 * f] = scratch.size();
                    scratch.write(patch, start(f), length(f));
                    nextBounds[2 * f + 1] = scratch.size();
                }
                else {
                    nextBounds[2 * f] = start(f);
                    nextBounds[2 * f + 1] = start(f) + length(f);
                }
                continue;
            }
            nextPatched |= 1L << f;
            nextBounds[2 * f] = scratch.size();
            text.write(f, next, labels, scratch);
            nextBounds[2 * f + 1] = scratch.size();
        }
        return new Rendering(next, lines, scratch.toArray(), nextPatched, nextBounds, labels);
    }

    /** The array family {@code f}'s lines are in. */
    byte[] source(int f) {
        return isPatched(f) ? patch : lines;
    }

    int start(int f) {
        return bounds[2 * f];
    }

    int length(int f) {
        return bounds[2 * f + 1] - bounds[2 * f];
    }

    private boolean isPatched(int f) {
        return (patched >>> f & 1) != 0;
    }
}
