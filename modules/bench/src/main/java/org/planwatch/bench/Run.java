package org.planwatch.bench;

/**
 * One part of the bench after the limits: what it measures, the rows it adds with their
 * goals, and the notes that explain them. {@code --only} selects parts by {@link #name}.
 */
interface Run {

    /** As {@code --only} names it. */
    String name();

    /** One line for {@code --help}. */
    String measures();

    /** Whether the options ask for this part. */
    default boolean selected(Options options) {
        return options.runs(name());
    }

    void measure(Rig rig, Table table) throws Exception;

}
